// The chunked upload extension's state machine: start → ready → chunks (acked with
// progress) → the complete file becomes a normal file Message. Uploads survive reconnects
// and restarts: the row in SQLite says whose upload it is, the .part file's length says how
// far it got. Only the uploader, on a socket of the same conversation, can touch it.
import { randomBytes } from 'node:crypto'
import { statfsSync } from 'node:fs'
import type { User } from '../../../src-shared/protocol/types'
import type { Logger } from '../logger'
import type { SendExtras } from '../realtime/send-extras'
import {
  decodeChunkFrame,
  type UploadReadyFrame,
  type UploadStartFrame,
} from '../../../src-shared/protocol/upload'
import { sanitizeFilename } from '../media/filenames'
import { ActiveUpload, type UploadConnection } from './active-upload'
import { partPath, removePart } from './part-file'
import { UploadPipeline } from './upload-pipeline'
import { uploadError, uploadMessages } from './upload-errors'
import type { UploadRecord, UploadsStore } from '../storage/storage'

export type { UploadConnection }

/** Unfinished uploads one user may hold: each reserves disk until finished or expired. */
export const MAX_PARTIAL_UPLOADS_PER_USER = 16
const NO_EXTRAS: SendExtras = { replyTo: null, mentions: [] }

/** Free space left untouched so a full upload never fills the server's disk completely. */
const DISK_RESERVE_BYTES = 64 * 1024 * 1024

export interface UploadManagerDeps {
  repo: UploadsStore
  uploadsDir: string
  maxFileBytes: number
  chunkBytes: number
  /** Unacknowledged bytes a client may have in flight; a socket beyond it is paused. */
  windowBytes: number
  isParticipant(conversationId: number, userId: number): Promise<boolean>
  /** Sends the already-stored message for (sender, client_id) to `conn`; false when none. */
  sendStoredMessage(conn: UploadConnection, clientId: string): Promise<boolean>
  /**
   * Moves the complete, synced file at `path` into media and stores + broadcasts its
   * message; `origin` is the uploading connection (null when it has gone).
   */
  complete(record: UploadRecord, path: string, sender: User, origin: UploadConnection | null): Promise<void>
  log: Logger
  now?: () => Date
}

export interface UploadRef {
  upload_id?: string | undefined
  client_id?: string | undefined
}

export class UploadManager {
  private readonly active = new Map<string, ActiveUpload>()
  private readonly now: () => Date
  private readonly pipeline: UploadPipeline

  constructor(private readonly deps: UploadManagerDeps) {
    this.now = deps.now ?? (() => new Date())
    this.pipeline = new UploadPipeline({
      ...deps,
      now: this.now,
      forget: (active) => {
        if (this.active.get(active.record.id) === active) this.active.delete(active.record.id)
      },
    })
  }

  /** `upload_start`: a new upload, or the existing one for this client_id. */
  async start(conn: UploadConnection, frame: UploadStartFrame, extras: SendExtras = NO_EXTRAS): Promise<void> {
    const ref = { clientId: frame.client_id }
    const { maxFileBytes } = this.deps
    if (frame.size > maxFileBytes) return conn.send(uploadError('too_large', uploadMessages.tooLarge(maxFileBytes), ref))
    const filename = sanitizeFilename(frame.filename)
    if (filename === null) return conn.send(uploadError('invalid_frame', uploadMessages.invalidFilename, ref))
    if (!(await this.deps.isParticipant(conn.conversationId, conn.user.id))) {
      return conn.send(uploadError('not_found', uploadMessages.notParticipant, ref))
    }
    // A resend after the upload already became a message: answer with that message.
    if (await this.deps.sendStoredMessage(conn, frame.client_id)) return

    const existing = await this.deps.repo.findByClientId(conn.user.id, frame.client_id)
    if (existing) return this.reopen(conn, existing, frame, filename)
    if (await this.deps.repo.countForUser(conn.user.id) >= MAX_PARTIAL_UPLOADS_PER_USER) {
      return conn.send(uploadError('too_many_uploads', uploadMessages.tooMany(MAX_PARTIAL_UPLOADS_PER_USER), ref))
    }
    if (freeBytes(this.deps.uploadsDir) < frame.size + DISK_RESERVE_BYTES) {
      return conn.send(uploadError('insufficient_storage', uploadMessages.insufficientStorage, ref))
    }
    const fields = {
      id: randomBytes(16).toString('base64url'),
      userId: conn.user.id,
      conversationId: conn.conversationId,
      clientId: frame.client_id,
      filename,
      size: frame.size,
      content: frame.message ?? '',
      ...extras,
    }
    let record: UploadRecord
    try {
      record = await this.deps.repo.insert(fields, this.now().toISOString())
    } catch (error) {
      // Two starts with one client_id raced: (user, client_id) is unique, the other one won.
      const winner = await this.deps.repo.findByClientId(conn.user.id, frame.client_id)
      if (!winner) throw error
      return this.reopen(conn, winner, frame, filename)
    }
    this.deps.log.info({ uploadId: record.id, size: record.size, userId: conn.user.id }, 'upload started')
    return this.open(conn, record)
  }

  /** `upload_resume`: where to continue, on this connection from now on. */
  async resume(conn: UploadConnection, ref: UploadRef): Promise<void> {
    const record = await this.find(conn, ref)
    if (record && !this.active.has(record.id) && await this.deps.sendStoredMessage(conn, record.clientId)) {
      // A crash between storing the message and deleting the row: the message is the answer.
      await this.deps.repo.delete(record.id)
      return removePart(partPath(this.deps.uploadsDir, record.id))
    }
    if (record) return this.open(conn, record)
    // The upload may have finished while the client was away: its message is the answer.
    if (ref.client_id !== undefined && await this.deps.sendStoredMessage(conn, ref.client_id)) return
    conn.send(uploadError('not_found', uploadMessages.notFound, { clientId: ref.client_id, uploadId: ref.upload_id }))
  }

  /** `upload_cancel`: forget the upload and delete its bytes. */
  async cancel(conn: UploadConnection, ref: UploadRef): Promise<void> {
    const record = await this.find(conn, ref)
    if (!record) {
      return conn.send(uploadError('not_found', uploadMessages.notFound, { clientId: ref.client_id, uploadId: ref.upload_id }))
    }
    // Deleted first, so no resume can find it while the file goes.
    await this.deps.repo.delete(record.id)
    const cancelled = { type: 'upload_cancelled', upload_id: record.id, client_id: record.clientId }
    const active = this.active.get(record.id)
    if (!active) {
      await removePart(partPath(this.deps.uploadsDir, record.id))
      return conn.send(cancelled)
    }
    active.closed = true
    active.accepting = false
    active.resumePaused()
    await active.queue.run(async () => {
      await this.pipeline.closeFile(active)
      await removePart(partPath(this.deps.uploadsDir, record.id))
    })
    this.active.delete(record.id)
    this.deps.log.info({ uploadId: record.id }, 'upload cancelled')
    conn.send(cancelled)
  }

  /** A binary frame: one chunk, written in order, acknowledged once on disk. */
  chunk(conn: UploadConnection, data: Uint8Array): void {
    const decoded = decodeChunkFrame(data)
    if (!decoded.ok) return conn.send(uploadError('bad_chunk', decoded.error))
    const { uploadId, offset, bytes } = decoded.chunk
    const active = this.active.get(uploadId)
    if (!active || active.owner !== conn || active.closed) {
      return conn.send(uploadError('not_found', uploadMessages.notOpen, { uploadId }))
    }
    if (!active.accepting || offset !== active.nextOffset) {
      return conn.send(uploadError('wrong_offset', uploadMessages.wrongOffset(offset, active.nextOffset), active.ref, {
        expectedOffset: active.nextOffset,
      }))
    }
    if (bytes.length > this.deps.chunkBytes) {
      return conn.send(uploadError('bad_chunk', uploadMessages.chunkTooBig(this.deps.chunkBytes), active.ref))
    }
    if (offset + bytes.length > active.record.size) {
      return conn.send(uploadError('bad_chunk', uploadMessages.pastEnd, active.ref))
    }
    active.nextOffset += bytes.length
    active.queuedBytes += bytes.length
    // A client that ignores the window gets its socket paused, not our memory filled.
    if (active.queuedBytes > this.deps.windowBytes) active.pauseOwner()
    void active.queue.run(() => this.pipeline.write(active, bytes))
  }

  /** The connection closed: its uploads stay resumable; their files are closed. */
  release(conn: UploadConnection): void {
    for (const active of this.active.values()) {
      if (active.owner !== conn) continue
      active.owner = null
      active.accepting = false
      if (active.pausedConnection === conn) active.pausedConnection = null
      void active.queue.run(() => this.pipeline.deactivate(active))
    }
  }

  /** Server shutdown: let accepted chunks reach the disk, record progress, close files. */
  async close(): Promise<void> {
    const all = [...this.active.values()]
    for (const active of all) {
      active.owner = null
      active.accepting = false
    }
    await Promise.all(all.map((active) => active.queue.run(() => this.pipeline.deactivate(active))))
  }

  /** True while an upload is open on some connection (the sweep leaves it alone). */
  isActive(uploadId: string): boolean {
    return this.active.has(uploadId)
  }

  private async find(conn: UploadConnection, ref: UploadRef): Promise<UploadRecord | null> {
    const record = ref.upload_id !== undefined
      ? await this.deps.repo.get(ref.upload_id)
      : await this.deps.repo.findByClientId(conn.user.id, ref.client_id ?? '')
    // Someone else's upload, or one from another conversation, is reported as not found:
    // its existence is not the caller's business.
    if (!record || record.userId !== conn.user.id || record.conversationId !== conn.conversationId) return null
    if (ref.client_id !== undefined && record.clientId !== ref.client_id) return null
    if (!(await this.deps.isParticipant(record.conversationId, record.userId))) return null
    return record
  }

  /** A start naming an upload this user already has: the same file continues it, anything else is refused. */
  private async reopen(conn: UploadConnection, existing: UploadRecord, frame: UploadStartFrame, filename: string): Promise<void> {
    const same = existing.conversationId === conn.conversationId && existing.size === frame.size && existing.filename === filename
    if (!same) return conn.send(uploadError('invalid_frame', uploadMessages.clientIdTaken, { clientId: frame.client_id }))
    return this.open(conn, existing)
  }

  /** Makes `conn` the upload's sender and answers upload_ready once earlier writes are done. */
  private async open(conn: UploadConnection, record: UploadRecord): Promise<void> {
    let active = this.active.get(record.id)
    if (active) {
      // A new socket takes over (the old one may be half-dead): its later chunks are refused.
      active.owner = conn
      active.accepting = false
      active.resumePaused()
    } else {
      active = new ActiveUpload(record, conn)
      this.active.set(record.id, active)
    }
    const target = active
    await target.queue.run(async () => {
      if (target.owner !== conn) return // a later resume took it over and gets the answer
      if (target.closed) {
        // It finished, failed or was cancelled while this waited: answer from the new state.
        void this.resume(conn, { upload_id: record.id, client_id: record.clientId })
        return
      }
      const offset = await this.pipeline.open(target)
      if (offset === null) return
      target.accepting = true
      const ready: UploadReadyFrame = {
        type: 'upload_ready',
        upload_id: record.id,
        client_id: record.clientId,
        filename: record.filename,
        size: record.size,
        offset,
        chunk_size: this.deps.chunkBytes,
        window_bytes: this.deps.windowBytes,
      }
      conn.send(ready)
      if (offset === record.size) await this.pipeline.finish(target)
    })
  }
}

function freeBytes(dir: string): number {
  try {
    const stats = statfsSync(dir)
    return stats.bavail * stats.bsize
  } catch {
    // A filesystem that cannot say: let the upload try; a full disk fails it cleanly later.
    return Number.POSITIVE_INFINITY
  }
}
