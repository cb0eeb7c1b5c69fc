// A minimal chunked-upload client for the server tests, built only on the shared codec
// and planner (src-shared/protocol/upload.ts), the way a real client would use them.
import { createHash } from 'node:crypto'
import type { Message } from '../../src-shared/protocol/types'
import {
  chunksToSend,
  encodeChunkFrame,
  type UploadProgressFrame,
  type UploadReadyFrame,
} from '../../src-shared/protocol/upload'
import type { TestSocket } from './helpers'

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

export interface PumpOptions {
  /** Stop once the server has acknowledged this many bytes (default: the whole file). */
  until?: number
  /** Unacknowledged bytes in flight (default: what upload_ready advertised). */
  windowBytes?: number
}

/** Sends `data` from `ready.offset` with the advertised window; returns the last acknowledged offset. */
export async function pumpChunks(socket: TestSocket, ready: UploadReadyFrame, data: Uint8Array, options: PumpOptions = {}): Promise<number> {
  const until = options.until ?? data.length
  const windowBytes = options.windowBytes ?? ready.window_bytes
  let sentOffset = ready.offset
  let ackedOffset = ready.offset
  while (ackedOffset < until) {
    for (const range of chunksToSend({ size: until, chunkBytes: ready.chunk_size, sentOffset, ackedOffset, windowBytes })) {
      socket.sendRaw(Buffer.from(encodeChunkFrame(ready.upload_id, range.start, data.subarray(range.start, range.end))))
      sentOffset = range.end
    }
    const progress = await socket.next<UploadProgressFrame>('upload_progress', 20_000)
    ackedOffset = progress.received
  }
  return ackedOffset
}

export function startUpload(socket: TestSocket, clientId: string, filename: string, size: number, message?: string): void {
  socket.send({ type: 'upload_start', client_id: clientId, filename, size, ...(message === undefined ? {} : { message }) })
}

/** Whole upload on one socket: start, chunks, the broadcast Message. */
export async function uploadAll(socket: TestSocket, clientId: string, filename: string, data: Uint8Array): Promise<Message> {
  startUpload(socket, clientId, filename, data.length)
  const ready = await socket.next<UploadReadyFrame>('upload_ready')
  await pumpChunks(socket, ready, data)
  return socket.next<Message>('message', 20_000)
}

export async function download(url: string): Promise<Uint8Array> {
  const res = await fetch(url)
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`)
  return new Uint8Array(await res.arrayBuffer())
}

/** Deterministic, incompressible-looking bytes (cheaper than crypto for 50 MB). */
export function testBytes(size: number, seed = 1): Uint8Array {
  const data = new Uint8Array(size)
  let x = seed >>> 0 || 1
  for (let i = 0; i < size; i += 1) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    data[i] = x & 0xff
  }
  return data
}
