// Parley's chunked upload (src-shared/protocol/upload.ts, docs/protocol.md): upload_start →
// upload_ready → binary chunk frames read straight from disk into the frame buffer, at most
// the server's window unacknowledged (upload_progress acks) → the broadcast file Message.
// Never holds more than the window of the file in memory.
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import type WebSocket from 'ws'
import { chunkHeaderLength, chunksToSend, parseUploadServerFrame, writeChunkHeader, type ByteRange } from '../../../src-shared/protocol/upload'
import { fileMessageWith, waitForFrame } from './frames'
import type { TestFile } from './test-file'

export interface ChunkedUploadResult {
  upload_ms: number
  chunk_bytes: number
  window_bytes: number
  stored_size: number
  file_url: string
}

const STEP_TIMEOUT_MS = 120_000

/** `fallbackWindowBytes` applies only when upload_ready does not say `window_bytes`. */
export async function chunkedUpload(ws: WebSocket, file: TestFile, clientId: string, fallbackWindowBytes: number): Promise<ChunkedUploadResult> {
  const started = performance.now()
  const handle = await open(file.path, 'r')
  try {
    const ready = waitForFrame(ws, (frame) => {
      const parsed = parseUploadServerFrame(frame)
      if (parsed?.type !== 'upload_ready' || parsed.client_id !== clientId) return undefined
      // The server's window (beyond it, it pauses reading the socket) is an extra field.
      const advertised = frame.window_bytes
      return { ...parsed, windowBytes: typeof advertised === 'number' && advertised > 0 ? advertised : fallbackWindowBytes }
    }, STEP_TIMEOUT_MS, 'upload_ready')
    ws.send(JSON.stringify({ type: 'upload_start', client_id: clientId, filename: basename(file.path), size: file.size }))
    const { upload_id: uploadId, chunk_size: chunkBytes, offset: startOffset, windowBytes } = await ready

    const broadcast = waitForFrame(ws, fileMessageWith(clientId), STEP_TIMEOUT_MS * 5, 'chunked upload broadcast')
    const headerBytes = chunkHeaderLength(uploadId)
    let sentOffset = startOffset
    let ackedOffset = startOffset
    let sending = false
    let failure: Error | null = null

    const pump = async (): Promise<void> => {
      if (sending || failure) return
      sending = true
      try {
        for (;;) {
          const ranges: ByteRange[] = chunksToSend({ size: file.size, chunkBytes, sentOffset, ackedOffset, windowBytes })
          if (ranges.length === 0) break
          for (const range of ranges) {
            const frame = Buffer.allocUnsafe(headerBytes + range.end - range.start)
            writeChunkHeader(frame, uploadId, range.start)
            await handle.read(frame, headerBytes, range.end - range.start, range.start)
            ws.send(frame, { binary: true })
            sentOffset = range.end
          }
        }
      } catch (error) {
        failure = error as Error
      } finally {
        sending = false
      }
    }
    const onAck = (data: Buffer, isBinary: boolean): void => {
      if (isBinary) return
      let value: unknown
      try {
        value = JSON.parse(String(data))
      } catch {
        return
      }
      const parsed = parseUploadServerFrame(value)
      if (parsed?.type === 'upload_progress' && parsed.upload_id === uploadId && parsed.received > ackedOffset) {
        ackedOffset = parsed.received
        void pump()
      }
    }
    ws.on('message', onAck)
    try {
      await pump()
      const message = await broadcast
      if (failure) throw failure
      return {
        upload_ms: performance.now() - started,
        chunk_bytes: chunkBytes,
        window_bytes: windowBytes,
        stored_size: message.file_size,
        file_url: message.file_url,
      }
    } finally {
      ws.off('message', onAck)
    }
  } finally {
    await handle.close()
  }
}
