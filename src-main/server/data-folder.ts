// The data folder holds the accounts database, the signing secret, every shared file and
// partial uploads: nobody but the account running the server may read it. The folder and
// everything under it are owner-only (folders 0700, files 0600) whatever the umask: modes
// are set with chmod, which the umask does not touch, and a folder made by an older version
// (or copied in with 0644 files) is tightened at every start.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

export const PRIVATE_FOLDER_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** Creates `path` (and missing parents) owner-only; chmods the folders it created. */
export function makePrivateFolder(path: string): void {
  const first = mkdirSync(path, { recursive: true, mode: PRIVATE_FOLDER_MODE })
  if (first === undefined) return
  // mkdirSync gives the first folder it made: tighten it and every one below it.
  let folder = first
  chmodSync(folder, PRIVATE_FOLDER_MODE)
  for (const part of relative(first, path).split(sep).filter(Boolean)) {
    folder = join(folder, part)
    chmodSync(folder, PRIVATE_FOLDER_MODE)
  }
}

/** Creates the data folder when missing and makes it and all it holds owner-only. */
export function prepareDataFolder(dataDir: string): void {
  makePrivateFolder(dataDir)
  chmodSync(dataDir, PRIVATE_FOLDER_MODE)
  for (const entry of readdirSync(dataDir, { recursive: true, encoding: 'utf8' })) restrict(join(dataDir, entry))
}

/** chmods a file or folder to owner-only when it is more open than that (symlinks left alone). */
export function restrict(path: string): void {
  const stat = lstatSync(path, { throwIfNoEntry: false })
  if (!stat || stat.isSymbolicLink()) return
  const mode = stat.isDirectory() ? PRIVATE_FOLDER_MODE : PRIVATE_FILE_MODE
  if ((stat.mode & 0o777) !== mode) chmodSync(path, mode)
}
