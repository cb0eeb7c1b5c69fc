// The disk side of an open upload: every step runs as a job on the upload's serial queue
// (ActiveUpload.queue). Opening answers where the file stands; each accepted chunk is
// appended and acknowledged with upload_progress; the last one makes the file durable and
// hands it to chat. The manager decides what is accepted; this module only carries it out.
import type { User } from '../../../src-shared/protocol/types'
import type { UploadProgressFrame } from '../../../src-shared/protocol/upload'
import type { Logger } from '../logger'
import type { ActiveUpload, UploadConnection } from './active-upload'
import { ChatRefusal } from '../chat/chat-rules'
import { PartFile, partPath, removePart } from './part-file'
import { uploadError, uploadMessages } from './upload-errors'
import type { UploadRecord, UploadsStore } from '../storage/storage'

/** `updated_at` is refreshed at most this often while bytes flow (it drives expiry). */
const PERSIST_INTERVAL_MS = 5_000

export interface PipelineDeps {
  repo: UploadsStore
  uploadsDir: string
  windowBytes: number
  complete(record: UploadRecord, path: string, sender: User, origin: UploadConnection | null): Promise<void>
  /** The upload is no longer open (finished, failed or released): drop it from the table. */
  forget(active: ActiveUpload): void
  log: Logger
  now: () => Date
}

export class UploadPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  /** Opens the .part file; returns the bytes already on disk, or null after a failure. */
  async open(active: ActiveUpload): Promise<number | null> {
    const { record } = active
    try {
      active.file ??= await PartFile.open(partPath(this.deps.uploadsDir, record.id))
      // Never trust more than the declared size (a crash can leave any tail).
      if (active.file.size > record.size) await active.file.truncate(record.size)
    } catch (error) {
      await this.fail(active, error)
      return null
    }
    active.received = active.file.size
    active.nextOffset = active.received
    active.queuedBytes = 0
    return active.received
  }

  async write(active: ActiveUpload, bytes: Uint8Array): Promise<void> {
    if (active.closed || !active.file) return
    try {
      await active.file.append(bytes)
    } catch (error) {
      return this.fail(active, error)
    }
    active.received += bytes.length
    active.queuedBytes -= bytes.length
    if (active.queuedBytes <= this.deps.windowBytes / 2) active.resumePaused()
    const { record } = active
    await this.persistProgress(active, false)
    const progress: UploadProgressFrame = {
      type: 'upload_progress',
      upload_id: record.id,
      client_id: record.clientId,
      received: active.received,
      size: record.size,
    }
    active.sendToOwner(progress)
    if (active.received === record.size) await this.finish(active)
  }

  /** Every byte is here: make it durable, then hand it to chat as a normal file message. */
  async finish(active: ActiveUpload): Promise<void> {
    const { record } = active
    active.accepting = false
    active.closed = true
    try {
      await active.file?.sync()
      await this.closeFile(active)
      await this.deps.complete(record, partPath(this.deps.uploadsDir, record.id), active.sender, active.owner)
    } catch (error) {
      if (error instanceof ChatRefusal) return this.refuse(active, error)
      // The .part stays (or was moved back) with its row: a resume retries the finish.
      this.deps.forget(active)
      this.deps.log.error({ uploadId: record.id, err: error }, 'upload could not be finished')
      active.sendToOwner(uploadError('storage_failed', uploadMessages.storageFailed, active.ref))
      return
    }
    await this.deps.repo.delete(record.id)
    this.deps.forget(active)
    this.deps.log.info({ uploadId: record.id, size: record.size }, 'upload finished')
  }

  /**
   * The message was refused (its reply_to is no message of the conversation, or was deleted
   * during the upload): a retry would be refused too, so the upload ends with the reason.
   */
  private async refuse(active: ActiveUpload, refusal: ChatRefusal): Promise<void> {
    await this.deps.repo.delete(active.record.id)
    this.deps.forget(active)
    await removePart(partPath(this.deps.uploadsDir, active.record.id))
    active.sendToOwner(uploadError('invalid_frame', refusal.message, active.ref))
  }

  /** The sending socket is gone: record progress and close the file (unless reclaimed meanwhile). */
  async deactivate(active: ActiveUpload): Promise<void> {
    if (active.owner !== null || active.closed) return
    await this.persistProgress(active, true)
    await this.closeFile(active)
    this.deps.forget(active)
  }

  /** Drops the file handle; the bytes stay for a later resume or a cancel. */
  async closeFile(active: ActiveUpload): Promise<void> {
    const file = active.file
    active.file = null
    await file?.close().catch(() => undefined)
  }

  private async fail(active: ActiveUpload, error: unknown): Promise<void> {
    this.deps.log.error({ uploadId: active.record.id, err: error }, 'upload storage failed')
    active.sendToOwner(uploadError('storage_failed', uploadMessages.storageFailed, active.ref))
    active.closed = true
    active.accepting = false
    active.resumePaused()
    await this.persistProgress(active, true)
    await this.closeFile(active)
    this.deps.forget(active)
  }

  private async persistProgress(active: ActiveUpload, force: boolean): Promise<void> {
    const now = this.deps.now()
    if (!force && now.getTime() - active.lastPersistAt < PERSIST_INTERVAL_MS) return
    active.lastPersistAt = now.getTime()
    await this.deps.repo.setReceived(active.record.id, active.received, now.toISOString())
  }
}
