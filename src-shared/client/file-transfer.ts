// Sending one file item over a chat socket: the seed's single base64 `file_message`, or
// the `chunked_upload` extension (src-shared/protocol/upload.ts) when the server offers it
// and the file is large. Either way the transfer ends when the server broadcasts the
// stored Message (acknowledged by the channel through the outbox), not when bytes leave.
// Progress is monotonic per item, even across a reconnect that resumes a chunked upload.
import type { SendExtensions } from '../protocol/types'
import type { FileSource } from './deps'
import { chunksToSend, encodeChunkFrame, type UploadServerFrame } from '../protocol/upload'

export interface TransferIO {
  /** Sends a JSON frame or a binary chunk; false when the socket is not usable. */
  send(frame: object | Uint8Array): boolean
  bufferedAmount(): number
  progress(sentBytes: number, totalBytes: number): void
  /** Called when every byte is out of our hands (seed) or acknowledged (chunked). */
  bytesDone(): void
  fail(reason: string): void
  /** For polling the socket buffer during a seed send. */
  later(callback: () => void, ms: number): void
}

export interface TransferItem {
  clientId: string
  caption: string
  source: FileSource
  /** Include client_id on frames (the server advertises it). */
  withClientId: boolean
  /** reply_to / mentions, on file_message and upload_start. */
  extensions: SendExtensions
}

const BUFFER_POLL_MS = 100

export class FileTransfer {
  private reported = 0
  private cancelled = false
  private uploadId: string | null = null
  private sentOffset = 0
  private ackedOffset = 0
  private chunkBytes = 0
  private windowBytes = 0
  private pumping = false

  constructor(
    private readonly item: TransferItem,
    private readonly io: TransferIO,
  ) {}

  cancel(): void {
    this.cancelled = true
    if (this.uploadId !== null || this.chunkBytes > 0) this.io.send({ type: 'upload_cancel', client_id: this.item.clientId })
  }

  /** Seed path: one frame with the whole file in base64. */
  async sendSeed(base64: (bytes: Uint8Array) => string): Promise<void> {
    const { source } = this.item
    let bytes: Uint8Array
    try {
      bytes = await source.read(0, source.size)
    } catch {
      this.io.fail('The file could not be read. It may have been moved or deleted.')
      return
    }
    if (this.cancelled) return
    const frame: Record<string, unknown> = { type: 'file_message', filename: source.name, file: base64(bytes), ...this.item.extensions }
    if (this.item.caption) frame.message = this.item.caption
    if (this.item.withClientId) frame.client_id = this.item.clientId
    const frameLength = JSON.stringify(frame).length
    if (!this.io.send(frame)) {
      this.io.fail('Connection lost while sending the file.')
      return
    }
    this.watchBuffer(frameLength)
  }

  // The socket API tells only how much is still buffered; scale that to file bytes.
  private watchBuffer(frameLength: number): void {
    const buffered = Math.min(this.io.bufferedAmount(), frameLength)
    const size = this.item.source.size
    this.report(Math.floor(size * (1 - buffered / frameLength)))
    if (buffered === 0 || this.cancelled) {
      this.io.bytesDone()
      return
    }
    this.io.later(() => this.watchBuffer(frameLength), BUFFER_POLL_MS)
  }

  /**
   * The file's Message came back: every byte arrived, whatever the last look at the
   * socket's buffer said (a fast server can answer before the next BUFFER_POLL_MS poll).
   */
  delivered(): void {
    this.report(this.item.source.size)
  }

  /** Chunked path: announce (or re-announce, which resumes) the upload; the server answers upload_ready. */
  startChunked(): void {
    const { source } = this.item
    this.chunkBytes = 0
    const frame: Record<string, unknown> = { type: 'upload_start', client_id: this.item.clientId, filename: source.name, size: source.size, ...this.item.extensions }
    if (this.item.caption) frame.message = this.item.caption
    if (!this.io.send(frame)) this.io.fail('Connection lost while sending the file.')
  }

  /** An upload frame for this item. */
  onUploadFrame(frame: UploadServerFrame & { window_bytes?: number }): void {
    if (this.cancelled) return
    switch (frame.type) {
      case 'upload_ready':
        this.uploadId = frame.upload_id
        this.chunkBytes = frame.chunk_size
        this.windowBytes = typeof frame.window_bytes === 'number' && frame.window_bytes > 0 ? frame.window_bytes : frame.chunk_size * 4
        this.sentOffset = frame.offset
        this.ackedOffset = frame.offset
        this.report(frame.offset)
        void this.pump()
        return
      case 'upload_progress':
        this.ackedOffset = Math.max(this.ackedOffset, frame.received)
        this.report(this.ackedOffset)
        if (this.ackedOffset >= this.item.source.size) this.io.bytesDone()
        else void this.pump()
        return
      case 'upload_cancelled':
        return
    }
  }

  /** The server says we are at the wrong offset: continue from where it is. */
  onWrongOffset(expected: number): void {
    this.sentOffset = expected
    this.ackedOffset = Math.min(this.ackedOffset, expected)
    void this.pump()
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.uploadId === null) return
    this.pumping = true
    try {
      for (;;) {
        const ranges = chunksToSend({
          size: this.item.source.size,
          chunkBytes: this.chunkBytes,
          sentOffset: this.sentOffset,
          ackedOffset: this.ackedOffset,
          windowBytes: this.windowBytes,
        })
        if (ranges.length === 0 || this.cancelled) return
        for (const range of ranges) {
          let bytes: Uint8Array
          try {
            bytes = await this.item.source.read(range.start, range.end)
          } catch {
            this.io.fail('The file could not be read. It may have been moved or deleted.')
            return
          }
          if (this.cancelled || this.uploadId === null) return
          if (bytes.length !== range.end - range.start) {
            this.io.fail('The file changed while it was being sent.')
            return
          }
          if (!this.io.send(encodeChunkFrame(this.uploadId, range.start, bytes))) return
          this.sentOffset = range.end
        }
      }
    } finally {
      this.pumping = false
    }
  }

  private report(sent: number): void {
    const total = this.item.source.size
    const next = Math.min(total, Math.max(this.reported, sent))
    if (next === this.reported && next !== 0) return
    this.reported = next
    this.io.progress(next, total)
  }
}
