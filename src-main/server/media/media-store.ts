// Files on disk under <data>/media/chat_files/YYYY/MM/DD/. Every path that comes from a
// URL is resolved and checked to stay inside the media root, so traversal cannot escape.
import { makePrivateFolder, PRIVATE_FILE_MODE } from '../data-folder'
import { open, rm } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { storedFileName } from './filenames'

export interface AllocatedFile {
  /** Relative to the media root, forward slashes: "chat_files/2026/01/14/<stored name>". */
  storedPath: string
  absolutePath: string
}

export class MediaStore {
  readonly root: string

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'media')
    makePrivateFolder(join(this.root, 'chat_files'))
  }

  /** A fresh, unused location for a file named `filename`, its day folder created. */
  allocate(filename: string, now = new Date()): AllocatedFile {
    const day = [
      String(now.getUTCFullYear()),
      String(now.getUTCMonth() + 1).padStart(2, '0'),
      String(now.getUTCDate()).padStart(2, '0'),
    ]
    const folder = join(this.root, 'chat_files', ...day)
    makePrivateFolder(folder)
    const name = storedFileName(filename)
    return { storedPath: ['chat_files', ...day, name].join('/'), absolutePath: join(folder, name) }
  }

  /** Writes and fsyncs the file and its folder entry: after this the bytes survive a crash. */
  async writeDurably(file: AllocatedFile, data: Uint8Array): Promise<void> {
    const handle = await open(file.absolutePath, 'wx', PRIVATE_FILE_MODE)
    try {
      await handle.chmod(PRIVATE_FILE_MODE) // the umask may have taken bits off the mode above
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await syncFolder(join(file.absolutePath, '..'))
  }

  /** The absolute path of a stored file, or null when `storedPath` would leave the root. */
  resolveStored(storedPath: string): string | null {
    if (storedPath.includes('\0')) return null
    const absolute = resolve(this.root, storedPath)
    return absolute.startsWith(this.root + sep) ? absolute : null
  }

  async remove(storedPath: string): Promise<void> {
    const absolute = this.resolveStored(storedPath)
    if (absolute) await rm(absolute, { force: true })
  }
}

/** fsyncs a folder so a file just created or renamed in it survives a power cut. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } catch {
    // Some filesystems refuse fsync on a directory; the file itself is already synced.
  } finally {
    await handle.close()
  }
}
