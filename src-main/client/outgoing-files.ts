// Pasted clipboard images become real files under <data>/outgoing/ so they can be sent
// (and resent after a restart) like any picked file; each is removed once its message
// is sent or discarded, and leftovers nobody queued are swept at startup.
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'

export interface OutgoingFiles {
  writeClipboardImage(png: Buffer, now?: Date): Promise<string>
  /** Binds a written file to the outbox item sending it. */
  track(clientId: string, path: string): void
  settle(clientId: string): Promise<void>
  /** Removes files no outbox entry refers to. */
  sweep(referenced: string[]): Promise<void>
}

export function createOutgoingFiles(dataDir: string): OutgoingFiles {
  const root = join(dataDir, 'outgoing')
  const tracked = new Map<string, string>()

  const folderOf = (path: string): string | null => {
    const rel = relative(root, path)
    return rel && !rel.startsWith('..') && rel.includes(sep) ? join(root, rel.split(sep)[0] as string) : null
  }

  return {
    async writeClipboardImage(png, now = new Date()) {
      const folder = join(root, randomBytes(8).toString('hex'))
      await mkdir(folder, { recursive: true, mode: 0o700 })
      const stamp = now.toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '.')
      const path = join(folder, `Pasted image ${stamp}.png`)
      await writeFile(path, png, { mode: 0o600 })
      return path
    },
    track(clientId, path) {
      if (folderOf(path)) tracked.set(clientId, path)
    },
    async settle(clientId) {
      const path = tracked.get(clientId)
      if (!path) return
      tracked.delete(clientId)
      await rm(dirname(path), { recursive: true, force: true })
    },
    async sweep(referenced) {
      const keep = new Set(referenced.map(folderOf).filter((folder): folder is string => folder !== null))
      const entries = await readdir(root).catch(() => [] as string[])
      await Promise.all(entries.map((entry) => join(root, entry)).filter((folder) => !keep.has(folder))
        .map((folder) => rm(folder, { recursive: true, force: true })))
    },
  }
}
