// Parley extension `chunked_upload` (docs/protocol.md, "Extension: chunked upload").
// The seed's single base64 `file_message` holds the whole file in one string on both ends,
// which caps it near 512 MiB and costs 4/3 of the size in memory. Instead, JSON control
// frames set an upload up and raw bytes travel as binary WebSocket frames, each with a
// tiny header naming the upload and the byte offset, so either end can stream from/to disk.
// Runtime-neutral on purpose (Uint8Array/DataView only): the Node client, the browser
// client and the server share this one codec.
import { z } from 'zod'
import { FEATURES, type ErrorFrame, type ServerLimits } from './types'

// ---- control frames (JSON text) ----

/** Server-issued upload ids: opaque, URL-safe, short enough for a one-byte length. */
export const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
const uploadIdSchema = z.string().regex(UPLOAD_ID_PATTERN, 'upload_id is not valid')
const clientIdSchema = z.string().min(1).max(128)
const byteCountSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)

/** Client → server: announce a file; answered by `upload_ready` (or the stored Message). */
export const uploadStartSchema = z.object({
  type: z.literal('upload_start'),
  client_id: clientIdSchema,
  filename: z.string().min(1).max(1024),
  size: byteCountSchema.min(1),
  // The server applies its own caption limit (max_message_chars); this only bounds parsing.
  message: z.string().max(1024 * 1024).optional(),
})
export type UploadStartFrame = z.infer<typeof uploadStartSchema>

/** Client → server: by `upload_id` or by the `client_id` given to `upload_start`. */
const uploadRefShape = {
  upload_id: uploadIdSchema.optional(),
  client_id: clientIdSchema.optional(),
}
const hasRef = (frame: { upload_id?: string; client_id?: string }) =>
  frame.upload_id !== undefined || frame.client_id !== undefined
export const uploadResumeSchema = z
  .object({ type: z.literal('upload_resume'), ...uploadRefShape })
  .refine(hasRef, 'upload_id or client_id is required')
export const uploadCancelSchema = z
  .object({ type: z.literal('upload_cancel'), ...uploadRefShape })
  .refine(hasRef, 'upload_id or client_id is required')
export type UploadResumeFrame = z.infer<typeof uploadResumeSchema>
export type UploadCancelFrame = z.infer<typeof uploadCancelSchema>

/** Server → client: send bytes from `offset`, in chunks of at most `chunk_size` bytes. */
export interface UploadReadyFrame {
  type: 'upload_ready'
  upload_id: string
  client_id: string
  filename: string
  size: number
  offset: number
  chunk_size: number
  /** Unacknowledged bytes the client may keep in flight (see `chunksToSend`). */
  window_bytes: number
}

/** Server → client: bytes [0, received) are on the server's disk. */
export interface UploadProgressFrame {
  type: 'upload_progress'
  upload_id: string
  client_id: string
  received: number
  size: number
}

export interface UploadCancelledFrame {
  type: 'upload_cancelled'
  upload_id: string
  client_id: string
}

/** Why an upload frame failed, for programs; `message` is for people. */
export type UploadErrorCode =
  | 'invalid_frame'
  | 'too_large'
  | 'insufficient_storage'
  | 'too_many_uploads'
  | 'not_found'
  | 'wrong_offset'
  | 'bad_chunk'
  | 'storage_failed'

/** Server → client `error`, with the upload's ids and, for `wrong_offset`, where to go on. */
export interface UploadErrorFrame extends ErrorFrame {
  code: UploadErrorCode
  upload_id?: string
  expected_offset?: number
}

export type UploadServerFrame = UploadReadyFrame | UploadProgressFrame | UploadCancelledFrame

const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('upload_ready'),
    upload_id: uploadIdSchema,
    client_id: clientIdSchema,
    filename: z.string(),
    size: byteCountSchema,
    offset: byteCountSchema,
    chunk_size: byteCountSchema.min(1),
    window_bytes: byteCountSchema.min(1),
  }),
  z.object({
    type: z.literal('upload_progress'),
    upload_id: uploadIdSchema,
    client_id: clientIdSchema,
    received: byteCountSchema,
    size: byteCountSchema,
  }),
  z.object({ type: z.literal('upload_cancelled'), upload_id: uploadIdSchema, client_id: clientIdSchema }),
])

/** For clients: the upload frame in a parsed JSON value, or null when it is not one (or malformed). */
export function parseUploadServerFrame(value: unknown): UploadServerFrame | null {
  const parsed = serverFrameSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

// ---- binary chunk frames ----
//
//   0      2     3        4          4+n            12+n
//   | "PU" | ver | n (u8) | upload_id | offset u64 BE | bytes…
//
// The magic keeps a stray or future binary frame from being written into a file.

const MAGIC_0 = 0x50 // 'P'
const MAGIC_1 = 0x55 // 'U'
export const CHUNK_FRAME_VERSION = 1
const FIXED_HEADER_BYTES = 4 + 8
const TWO_POW_32 = 2 ** 32

export interface UploadChunk {
  uploadId: string
  offset: number
  /** A view into the frame (no copy). */
  bytes: Uint8Array
}

export type ChunkDecodeResult = { ok: true; chunk: UploadChunk } | { ok: false; error: string }

/** Header length for this upload id: lets a reader fill the payload in place. */
export function chunkHeaderLength(uploadId: string): number {
  return FIXED_HEADER_BYTES + uploadId.length
}

/** Writes the header at the start of `frame` and returns where the payload begins. */
export function writeChunkHeader(frame: Uint8Array, uploadId: string, offset: number): number {
  if (!UPLOAD_ID_PATTERN.test(uploadId)) throw new RangeError('upload id is not valid')
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError('offset must be a non-negative safe integer')
  const headerLength = chunkHeaderLength(uploadId)
  if (frame.length < headerLength) throw new RangeError('frame is shorter than its header')
  frame[0] = MAGIC_0
  frame[1] = MAGIC_1
  frame[2] = CHUNK_FRAME_VERSION
  frame[3] = uploadId.length
  // The pattern is ASCII, so one char is one byte.
  for (let i = 0; i < uploadId.length; i += 1) frame[4 + i] = uploadId.charCodeAt(i)
  const view = new DataView(frame.buffer, frame.byteOffset + 4 + uploadId.length, 8)
  view.setUint32(0, Math.floor(offset / TWO_POW_32))
  view.setUint32(4, offset % TWO_POW_32)
  return headerLength
}

/** One binary frame: header + a copy of `bytes`. */
export function encodeChunkFrame(uploadId: string, offset: number, bytes: Uint8Array): Uint8Array {
  const frame = new Uint8Array(chunkHeaderLength(uploadId) + bytes.length)
  const start = writeChunkHeader(frame, uploadId, offset)
  frame.set(bytes, start)
  return frame
}

export function decodeChunkFrame(frame: Uint8Array): ChunkDecodeResult {
  if (frame.length < FIXED_HEADER_BYTES + 1) return { ok: false, error: 'Chunk frame is too short' }
  if (frame[0] !== MAGIC_0 || frame[1] !== MAGIC_1) return { ok: false, error: 'Not an upload chunk frame' }
  if (frame[2] !== CHUNK_FRAME_VERSION) return { ok: false, error: `Unsupported chunk frame version ${frame[2]}` }
  const idLength = frame[3] ?? 0
  const headerLength = FIXED_HEADER_BYTES + idLength
  if (idLength === 0 || frame.length < headerLength) return { ok: false, error: 'Chunk frame header is truncated' }
  const uploadId = String.fromCharCode(...frame.subarray(4, 4 + idLength))
  if (!UPLOAD_ID_PATTERN.test(uploadId)) return { ok: false, error: 'Chunk frame upload id is not valid' }
  const view = new DataView(frame.buffer, frame.byteOffset + 4 + idLength, 8)
  const high = view.getUint32(0)
  const offset = high * TWO_POW_32 + view.getUint32(4)
  if (!Number.isSafeInteger(offset)) return { ok: false, error: 'Chunk frame offset is too large' }
  const bytes = frame.subarray(headerLength)
  if (bytes.length === 0) return { ok: false, error: 'Chunk frame carries no bytes' }
  return { ok: true, chunk: { uploadId, offset, bytes } }
}

// ---- client planning ----

/**
 * Largest file a client sends as one seed `file_message`: its base64 string must stay
 * well under V8's ~512 MiB string cap, and the frame sits whole in memory on both ends.
 */
export const SEED_FRAME_MAX_FILE_BYTES = 256 * 1024 * 1024
/** Above this size a client prefers `chunked_upload` when the server offers it. */
export const DEFAULT_CHUNKED_THRESHOLD_BYTES = 8 * 1024 * 1024
export const DEFAULT_CHUNK_BYTES = 1024 * 1024

/** What `connection_established` told the client (both absent on seed servers). */
export interface UploadCapabilities {
  features?: readonly string[]
  limits?: Partial<ServerLimits>
}

export type UploadMethod =
  | { kind: 'seed' }
  | { kind: 'chunked'; chunkBytes: number }
  | { kind: 'too_large'; maxBytes: number }

/** Bytes of the seed JSON frame for a file of `size` bytes, minus the small fixed fields. */
export function seedFrameBytes(size: number): number {
  return 4 * Math.ceil(size / 3)
}

/** Seed frame or chunked upload for a file of `size` bytes; or why it cannot be sent. */
export function chooseUploadMethod(
  size: number,
  capabilities: UploadCapabilities,
  thresholdBytes = DEFAULT_CHUNKED_THRESHOLD_BYTES,
): UploadMethod {
  const limits = capabilities.limits ?? {}
  const maxFile = positive(limits.max_file_bytes)
  if (maxFile !== undefined && size > maxFile) return { kind: 'too_large', maxBytes: maxFile }

  const maxFrame = positive(limits.max_frame_bytes)
  // 1 KiB leaves room for the JSON keys, filename and caption around the base64.
  const seedFits = size <= SEED_FRAME_MAX_FILE_BYTES && (maxFrame === undefined || seedFrameBytes(size) + 1024 <= maxFrame)
  const chunked = capabilities.features?.includes(FEATURES.chunkedUpload) ?? false
  if (chunked && (size >= thresholdBytes || !seedFits)) {
    return { kind: 'chunked', chunkBytes: positive(limits.chunk_bytes) ?? DEFAULT_CHUNK_BYTES }
  }
  if (seedFits) return { kind: 'seed' }
  const seedMax = maxFrame === undefined ? SEED_FRAME_MAX_FILE_BYTES : Math.floor(((maxFrame - 1024) * 3) / 4)
  return { kind: 'too_large', maxBytes: Math.min(SEED_FRAME_MAX_FILE_BYTES, seedMax) }
}

function positive(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined
}

export interface ByteRange {
  start: number
  end: number
}

/** The next chunk to send from `offset`, or null once the whole file is sent. */
export function nextChunkRange(offset: number, size: number, chunkBytes: number): ByteRange | null {
  if (offset >= size) return null
  return { start: offset, end: Math.min(size, offset + Math.max(1, chunkBytes)) }
}

export interface SendWindow {
  size: number
  chunkBytes: number
  /** Bytes handed to the socket so far. */
  sentOffset: number
  /** Highest `received` the server acknowledged. */
  ackedOffset: number
  /** Bytes allowed in flight (sent but not acknowledged). */
  windowBytes: number
}

/**
 * Chunks to send now so that at most `windowBytes` are unacknowledged: the client's
 * half of the backpressure (the server pauses reading a socket that ignores it).
 */
export function chunksToSend(window: SendWindow): ByteRange[] {
  const ranges: ByteRange[] = []
  // Never less than one chunk, or a window smaller than a chunk would stall.
  const windowBytes = Math.max(window.windowBytes, window.chunkBytes)
  let offset = window.sentOffset
  for (;;) {
    const range = nextChunkRange(offset, window.size, window.chunkBytes)
    if (!range || range.end - window.ackedOffset > windowBytes) break
    ranges.push(range)
    offset = range.end
  }
  return ranges
}
