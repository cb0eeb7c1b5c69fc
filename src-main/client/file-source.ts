// Files reach main as paths (drop, picker, clipboard temp file). Main checks them BEFORE
// reading a byte: a regular file, within the server's limit. Reads are asynchronous
// ranges, so a large file never blocks the main process or sits whole in memory.
import { open, stat } from 'node:fs/promises'
import { basename, isAbsolute } from 'node:path'
import mime from 'mime-types'
import type { FileSource } from '../../src-shared/client/deps'
import { formatFileSize } from '../../src-shared/protocol/format'
import { parleyError } from '../../src-shared/client/errors'

export async function openFileSource(path: string, maxBytes: number | null): Promise<FileSource> {
  if (!isAbsolute(path)) throw parleyError('invalid-argument', 'Choose a file to send')
  const info = await stat(path).catch(() => null)
  if (!info) throw parleyError('not-found', `${basename(path)} can't be found. It may have been moved or deleted.`)
  if (!info.isFile()) throw parleyError('invalid-argument', `${basename(path)} is a folder, not a file`)
  if (maxBytes !== null && info.size > maxBytes) {
    throw parleyError('too-large', `${basename(path)} is ${formatFileSize(info.size)}; this server accepts files up to ${formatFileSize(maxBytes)}.`)
  }
  return pathFileSource(path, info.size)
}

/** A FileSource over a path whose size is already known (also used to reopen after restart). */
export function pathFileSource(path: string, size: number): FileSource {
  const name = basename(path)
  return {
    name,
    size,
    type: mime.lookup(name) || '',
    async read(start, end) {
      const length = Math.max(0, Math.min(end, size) - start)
      const handle = await open(path, 'r')
      try {
        const bytes = new Uint8Array(length)
        let offset = 0
        while (offset < length) {
          const { bytesRead } = await handle.read(bytes, offset, length - offset, start + offset)
          if (bytesRead === 0) break
          offset += bytesRead
        }
        // A file that shrank after it was chosen must not go out truncated.
        if (offset < length) throw parleyError('invalid-argument', `${name} changed while it was being sent`)
        return bytes
      } finally {
        await handle.close()
      }
    },
  }
}

/** Reopens a queued file after a restart; null when it is gone. */
export async function reopenFileSource(path: string): Promise<FileSource | null> {
  const info = await stat(path).catch(() => null)
  return info?.isFile() ? pathFileSource(path, info.size) : null
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}
