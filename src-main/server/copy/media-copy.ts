// Files: every file under the SQLite server's media folder and its signing secret
// (secret.key: sign-ins and signed file links carry over), copied into the folder a
// cluster's nodes share (serve --media DIR: DIR/media/…, DIR/secret.key) at the same
// relative paths. A file already there with the same bytes is left alone (a second run,
// after stopping the server, copies only what is new); any other is written to a temp
// name, fsynced and renamed over it, then its folder fsynced, so a crash leaves either
// the old file or the whole new one. Nothing may reach outside the source media folder:
// a symbolic link pointing elsewhere is refused.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { lstat, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { makePrivateFolder, PRIVATE_FILE_MODE } from '../data-folder'
import { syncFolder } from '../media/media-store'
import { CopyDataError } from './canonical'
import { progress, type ProgressSink } from './progress'

/** Where the server keeps its files in its data folder, and a cluster in its shared folder. */
const MEDIA_FOLDER = 'media'
const SECRET_FILE = 'secret.key'

export interface MediaFile {
  /** Relative to the data (and shared) folder, '/'-separated: "secret.key", "media/<attachments.stored_path>". */
  path: string
  size: number
  sha256: string
}

export interface MediaCopyResult {
  files: MediaFile[]
  copied: number
  alreadyThere: number
}

export async function copyMedia(dataDir: string, sharedDir: string, sink: ProgressSink): Promise<MediaCopyResult> {
  const files = await listFiles(dataDir)
  const shown = progress(sink, 'copying files', files.length, 'files')
  const result: MediaCopyResult = { files: [], copied: 0, alreadyThere: 0 }
  for (const [index, { path, absolute }] of files.entries()) {
    const target = join(sharedDir, ...path.split('/'))
    const source = await fileDigest(absolute)
    const existing = await stat(target).catch(() => null)
    if (existing?.isFile() && existing.size === source.size && (await fileDigest(target)).sha256 === source.sha256) {
      result.alreadyThere += 1
    } else {
      await writeDurably(absolute, target)
      result.copied += 1
    }
    result.files.push({ path, ...source })
    shown.update(index + 1)
  }
  shown.finish()
  return result
}

/** Every source file with its size and SHA-256 (a check without a copy). */
export async function describeMedia(dataDir: string, sink: ProgressSink): Promise<MediaFile[]> {
  const files = await listFiles(dataDir)
  const shown = progress(sink, 'reading files', files.length, 'files')
  const described: MediaFile[] = []
  for (const [index, { path, absolute }] of files.entries()) {
    described.push({ path, ...(await fileDigest(absolute)) })
    shown.update(index + 1)
  }
  return described
}

/** The secret (when there is one) and every media file, by path. */
async function listFiles(dataDir: string): Promise<{ path: string; absolute: string }[]> {
  const secret = join(dataDir, SECRET_FILE)
  const info = await lstat(secret).catch(() => null)
  if (info && !info.isFile()) throw new CopyDataError(`${secret} is not a plain file: put the key itself there, then copy again.`)
  const media = await listMedia(join(dataDir, MEDIA_FOLDER))
  return [
    ...(info ? [{ path: SECRET_FILE, absolute: secret }] : []),
    ...media.map((file) => ({ path: `${MEDIA_FOLDER}/${file.path}`, absolute: file.absolute })),
  ]
}

/** The file of an attachment, as MediaFile.path names it. */
export function attachmentFilePath(storedPath: string): string {
  return `${MEDIA_FOLDER}/${storedPath}`
}

/** Every file under `root` (following links that stay inside it), sorted by path relative to it. */
async function listMedia(root: string): Promise<{ path: string; absolute: string }[]> {
  const realRoot = await realpath(root).catch(() => null)
  if (realRoot === null) return []
  const found: { path: string; absolute: string }[] = []
  const walk = async (folder: string): Promise<void> => {
    for (const name of (await readdir(folder)).sort()) {
      const absolute = join(folder, name)
      const info = await lstat(absolute)
      const real = info.isSymbolicLink() ? await realpath(absolute).catch(() => null) : absolute
      if (real === null || !(real === realRoot || real.startsWith(realRoot + sep))) {
        throw new CopyDataError(`${absolute} points outside the media folder ${root}: remove it or put the file itself there, then copy again.`)
      }
      const kind = info.isSymbolicLink() ? await stat(real) : info
      if (kind.isDirectory()) {
        if (!info.isSymbolicLink()) await walk(absolute)
        // A link to a folder inside the media folder would list its files twice.
        continue
      }
      if (kind.isFile()) found.push({ path: relative(realRoot, absolute).split(sep).join('/'), absolute: real })
    }
  }
  await walk(realRoot)
  return found
}

export async function fileDigest(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return { size, sha256: hash.digest('hex') }
}

async function writeDurably(source: string, target: string): Promise<void> {
  const folder = dirname(target)
  makePrivateFolder(folder)
  const temporary = join(folder, `.parley-copy-${process.pid}.tmp`)
  const handle = await open(temporary, 'w', PRIVATE_FILE_MODE)
  try {
    await handle.chmod(PRIVATE_FILE_MODE) // the umask may have taken bits off the mode above
    for await (const chunk of createReadStream(source)) await handle.write(chunk as Buffer)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(temporary, { force: true })
    throw error
  }
  await handle.close()
  await rename(temporary, target)
  await syncFolder(folder)
}
