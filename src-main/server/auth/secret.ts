// The server's signing secret: 64 random bytes in <data>/secret.key (mode 0600), made on
// first start and kept, so tokens and signed media URLs survive restarts.
import { randomBytes } from 'node:crypto'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PRIVATE_FILE_MODE } from '../data-folder'

export function loadOrCreateSecret(dataDir: string): Buffer {
  const path = join(dataDir, 'secret.key')
  try {
    const existing = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex')
    if (existing.length >= 32) return existing
    throw new Error(`${path} is too short; delete it to make a new one (signs everyone out)`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const secret = randomBytes(64)
  // 'wx' fails if another process created it meanwhile: then use theirs.
  try {
    writeFileSync(path, `${secret.toString('hex')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(dataDir)
    throw error
  }
  chmodSync(path, PRIVATE_FILE_MODE)
  return secret
}
