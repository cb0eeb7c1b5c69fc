// In-memory state of an upload that a connection is currently sending.
// Everything that touches the .part file (writes, the offset answer of a resume, the final
// move, a cancel) runs through one serial queue per upload, so a resume on a new socket
// answers only after the old socket's accepted chunks are on disk.
import type { User } from '../../../src-shared/protocol/types'
import type { PartFile } from './part-file'
import type { UploadRecord } from '../storage/storage'

/** The chat socket as the upload manager needs it; identity decides ownership. */
export interface UploadConnection {
  readonly user: User
  readonly conversationId: number
  send(frame: object): void
  /** Stop reading frames from this socket (backpressure) … */
  pause(): void
  /** … and read again. */
  resume(): void
}

export class SerialQueue {
  private tail: Promise<void> = Promise.resolve()

  /** Runs `job` after every job queued before it; a failing job does not stop the queue. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job)
    this.tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }

  idle(): Promise<void> {
    return this.tail
  }
}

export class ActiveUpload {
  readonly queue = new SerialQueue()
  owner: UploadConnection | null
  /** The uploader, kept for the final message even if the socket closes just before. */
  readonly sender: User
  file: PartFile | null = null
  /** Chunks are accepted only between upload_ready and the end (or a failure). */
  accepting = false
  /** Where the next chunk must start: bytes written plus bytes queued. */
  nextOffset = 0
  /** Bytes on disk. */
  received = 0
  /** Bytes accepted but not yet written: what backpressure bounds. */
  queuedBytes = 0
  /** The connection we paused, to resume it even if ownership moved meanwhile. */
  pausedConnection: UploadConnection | null = null
  /** Set once cancelled, failed or finished: queued writes become no-ops. */
  closed = false
  lastPersistAt = 0

  constructor(
    public record: UploadRecord,
    owner: UploadConnection,
  ) {
    this.owner = owner
    this.sender = owner.user
  }

  get ref() {
    return { uploadId: this.record.id, clientId: this.record.clientId }
  }

  sendToOwner(frame: object): void {
    this.owner?.send(frame)
  }

  pauseOwner(): void {
    if (this.pausedConnection || !this.owner) return
    this.pausedConnection = this.owner
    this.owner.pause()
  }

  resumePaused(): void {
    const paused = this.pausedConnection
    this.pausedConnection = null
    paused?.resume()
  }
}
