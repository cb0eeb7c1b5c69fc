// One partial upload on disk: <data>/uploads/<id>.part, written strictly in order.
// Bytes go straight from each WebSocket frame to the file, so memory stays at the few
// chunks in flight however large the file is.
import { open, rm, stat, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { PRIVATE_FILE_MODE } from '../data-folder'

export function partPath(uploadsDir: string, uploadId: string): string {
  return join(uploadsDir, `${uploadId}.part`)
}

export class PartFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private length: number,
  ) {}

  /** Opens (creating when missing) for appending; `length` is what is already on disk. */
  static async open(path: string): Promise<PartFile> {
    const handle = await open(path, 'a', PRIVATE_FILE_MODE)
    try {
      await handle.chmod(PRIVATE_FILE_MODE) // the umask may have taken bits off the mode above
      const { size } = await handle.stat()
      return new PartFile(path, handle, size)
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  get size(): number {
    return this.length
  }

  async append(bytes: Uint8Array): Promise<void> {
    let written = 0
    // A regular file may take fewer bytes than asked (a signal, a full quota): keep going.
    while (written < bytes.length) {
      const result = await this.handle.write(bytes, written, bytes.length - written)
      written += result.bytesWritten
      this.length += result.bytesWritten
    }
  }

  /** Drops anything past `length`, e.g. bytes beyond a declared size after a crash. */
  async truncate(length: number): Promise<void> {
    await this.handle.truncate(length)
    this.length = length
  }

  async sync(): Promise<void> {
    await this.handle.sync()
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}

/** Bytes already on disk for an upload (0 when its file is gone). */
export async function partLength(path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch {
    return 0
  }
}

export async function removePart(path: string): Promise<void> {
  await rm(path, { force: true })
}
