// Makes the WAL durable from libuv's thread pool instead of inside COMMIT on the event loop.
//
// Under journal_mode=WAL, synchronous=FULL differs from NORMAL by exactly one step: after a
// commit's frames are appended to <db>-wal, SQLite fsyncs that file (the WAL header of a
// restarted log is synced under NORMAL too, and checkpoints sync in both). Committing under
// NORMAL and then calling fdatasync on the same file gives the same guarantee, because
// fsync acts on the file (the inode's dirty pages), not on the descriptor that wrote them.
// What changes is only who waits: a thread-pool thread, while the event loop keeps serving
// sockets. Callers must treat a commit as done only when sync() resolves (storage/sqlite/group-commit.ts).
//
// The descriptor stays valid for the server's lifetime: SQLite deletes or replaces the WAL
// only when the last connection closes, and this server's connection is open until close().
import { existsSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import type { Db } from './open-database'

export class WalSync {
  private handle: Promise<FileHandle> | null = null
  private closed = false

  private constructor(private readonly walPath: string) {}

  /** A WalSync for `db`, or null when it is not in WAL mode (then commits must stay synchronous=FULL). */
  static forDatabase(db: Db): WalSync | null {
    if (db.memory) return null
    const mode = db.pragma('journal_mode', { simple: true })
    return mode === 'wal' ? new WalSync(`${db.name}-wal`) : null
  }

  /** fdatasync of the WAL: every commit made before this call is on disk when it resolves. */
  async sync(): Promise<void> {
    if (this.closed) throw new Error('WAL sync used after close')
    // 'r+': Windows' FlushFileBuffers needs a handle with write access.
    this.handle ??= existsSync(this.walPath) ? open(this.walPath, 'r+') : Promise.reject(new Error(`no WAL file at ${this.walPath}`))
    const handle = await this.handle.catch((error: unknown) => {
      this.handle = null
      throw error
    })
    await handle.datasync()
  }

  /** Before the database closes (SQLite may delete the WAL file then). */
  async close(): Promise<void> {
    this.closed = true
    const handle = this.handle
    this.handle = null
    await (await handle?.catch(() => null))?.close()
  }
}
