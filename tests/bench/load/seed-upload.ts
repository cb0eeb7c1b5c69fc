// The seed's way to send a file: one `file_message` JSON frame with the whole file as
// base64. Timed from reading the file off disk to the broadcast Message coming back, i.e.
// everything a seed client and the server do for it, then the download of file_url.
//
// The frame is inherently one message, but the client builds it without intermediate
// copies: the file is read in 3 MiB pieces (a multiple of 3, so base64 pieces join with no
// padding) and each piece's base64 is written straight into one pre-sized Buffer that is
// sent as a text frame. JSON.stringify of a 27 MB string and its UTF-8 re-encoding would
// otherwise cost the client more than the server's whole share.
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import type WebSocket from 'ws'
import { downloadAndHash, type TestFile } from './test-file'
import { fileMessageWith, waitForFrame } from './frames'

export interface SeedUploadResult {
  /** Reading the file and building the frame. */
  prepare_ms: number
  /** ws.send until its callback: the last byte handed to the kernel (the server reads as it goes). */
  transmit_ms: number
  /** From there to the broadcast Message arriving: the server's decode, store and broadcast. */
  server_ms: number
  /** prepare + transmit + server: read from disk → broadcast back. */
  upload_ms: number
  download_ms: number
  frame_bytes: number
  stored_size: number
  download_bytes: number
  intact: boolean
}

const BROADCAST_TIMEOUT_MS = 120_000
const PIECE_BYTES = 3 * 1024 * 1024

export async function buildSeedFrame(file: TestFile, clientId: string): Promise<Buffer> {
  const head = Buffer.from(`{"type":"file_message","filename":${JSON.stringify(basename(file.path))},"client_id":${JSON.stringify(clientId)},"file":"`)
  const tail = Buffer.from('"}')
  const frame = Buffer.allocUnsafe(head.length + 4 * Math.ceil(file.size / 3) + tail.length)
  let at = head.copy(frame, 0)
  const piece = Buffer.allocUnsafe(PIECE_BYTES)
  const handle = await open(file.path, 'r')
  try {
    for (let offset = 0; offset < file.size; offset += PIECE_BYTES) {
      const { bytesRead } = await handle.read(piece, 0, Math.min(PIECE_BYTES, file.size - offset), offset)
      at += frame.write(piece.toString('base64', 0, bytesRead), at, 'latin1')
    }
  } finally {
    await handle.close()
  }
  at += tail.copy(frame, at)
  if (at !== frame.length) throw new Error(`seed frame: wrote ${at} of ${frame.length} bytes (file changed?)`)
  return frame
}

export async function seedUpload(ws: WebSocket, file: TestFile, clientId: string): Promise<SeedUploadResult> {
  const started = performance.now()
  const frame = await buildSeedFrame(file, clientId)
  const prepared = performance.now()
  const broadcast = waitForFrame(ws, fileMessageWith(clientId), BROADCAST_TIMEOUT_MS, 'seed file_message broadcast')
  const transmitted = new Promise<number>((resolve, reject) =>
    ws.send(frame, { binary: false }, (error) => (error ? reject(error) : resolve(performance.now()))),
  )
  const [sentAt, message] = await Promise.all([transmitted, broadcast])
  const uploaded = performance.now()
  const download = await downloadAndHash(message.file_url)
  return {
    prepare_ms: prepared - started,
    transmit_ms: sentAt - prepared,
    server_ms: uploaded - sentAt,
    upload_ms: uploaded - started,
    download_ms: download.ms,
    frame_bytes: frame.length,
    stored_size: message.file_size,
    download_bytes: download.bytes,
    intact: download.sha256 === file.sha256 && message.file_size === file.size,
  }
}
