import { describe, expect, it } from 'vitest'
import {
  CHUNK_FRAME_VERSION,
  chunkHeaderLength,
  decodeChunkFrame,
  encodeChunkFrame,
  parseUploadServerFrame,
  uploadCancelSchema,
  uploadResumeSchema,
  uploadStartSchema,
  writeChunkHeader,
} from '../../src-shared/protocol/upload'

const bytes = (...values: number[]) => Uint8Array.from(values)

describe('chunk frame codec', () => {
  it('round-trips id, offset and bytes', () => {
    const payload = bytes(0, 1, 2, 250, 255)
    const frame = encodeChunkFrame('abc_DEF-123', 4096, payload)
    expect(frame.length).toBe(chunkHeaderLength('abc_DEF-123') + payload.length)
    const decoded = decodeChunkFrame(frame)
    expect(decoded).toEqual({ ok: true, chunk: { uploadId: 'abc_DEF-123', offset: 4096, bytes: payload } })
  })

  it('carries offsets beyond 4 GiB exactly', () => {
    for (const offset of [0, 2 ** 32 - 1, 2 ** 32, 5 * 2 ** 32 + 7, Number.MAX_SAFE_INTEGER]) {
      const decoded = decodeChunkFrame(encodeChunkFrame('u', offset, bytes(9)))
      expect(decoded.ok && decoded.chunk.offset).toBe(offset)
    }
  })

  it('decodes a frame that is a view into a larger buffer (as ws hands out)', () => {
    const frame = encodeChunkFrame('view', 7, bytes(1, 2, 3))
    const backing = new Uint8Array(frame.length + 10)
    backing.set(frame, 5)
    const decoded = decodeChunkFrame(backing.subarray(5, 5 + frame.length))
    expect(decoded).toEqual({ ok: true, chunk: { uploadId: 'view', offset: 7, bytes: bytes(1, 2, 3) } })
  })

  it('lets a reader fill the payload in place after writeChunkHeader', () => {
    const frame = new Uint8Array(chunkHeaderLength('id') + 3)
    const start = writeChunkHeader(frame, 'id', 12)
    frame.set(bytes(7, 8, 9), start)
    expect(decodeChunkFrame(frame)).toEqual({ ok: true, chunk: { uploadId: 'id', offset: 12, bytes: bytes(7, 8, 9) } })
  })

  it('refuses to encode a bad id or offset', () => {
    expect(() => encodeChunkFrame('has space', 0, bytes(1))).toThrow(RangeError)
    expect(() => encodeChunkFrame('x'.repeat(65), 0, bytes(1))).toThrow(RangeError)
    expect(() => encodeChunkFrame('ok', -1, bytes(1))).toThrow(RangeError)
    expect(() => encodeChunkFrame('ok', 1.5, bytes(1))).toThrow(RangeError)
    expect(() => encodeChunkFrame('ok', 2 ** 53, bytes(1))).toThrow(RangeError)
  })

  describe('rejects bad headers', () => {
    const good = encodeChunkFrame('abc', 10, bytes(1, 2))
    const tampered = (index: number, value: number) => {
      const copy = good.slice()
      copy[index] = value
      return copy
    }
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['empty', new Uint8Array(0), /too short/],
      ['header only, truncated', good.subarray(0, 10), /too short|truncated/],
      ['wrong magic', tampered(0, 0x7b), /Not an upload chunk/],
      ['JSON text as bytes', new TextEncoder().encode('{"type":"chat_message","message":"hi"}'), /Not an upload chunk/],
      ['unknown version', tampered(2, CHUNK_FRAME_VERSION + 1), /version/],
      ['zero id length', tampered(3, 0), /truncated/],
      ['id length past the end', tampered(3, 200), /truncated/],
      ['id with a forbidden byte', tampered(5, 0x2f), /upload id/],
      ['no payload', good.subarray(0, chunkHeaderLength('abc')), /no bytes/],
    ]
    it.each(cases)('%s', (_name, frame, error) => {
      const decoded = decodeChunkFrame(frame)
      expect(decoded.ok).toBe(false)
      if (!decoded.ok) expect(decoded.error).toMatch(error)
    })

    it('an offset above 2^53', () => {
      const frame = good.slice()
      new DataView(frame.buffer).setUint32(4 + 3, 0xffffffff)
      expect(decodeChunkFrame(frame)).toEqual({ ok: false, error: 'Chunk frame offset is too large' })
    })
  })
})

describe('control frame schemas', () => {
  it('accepts a well-formed upload_start', () => {
    const frame = { type: 'upload_start', client_id: 'c1', filename: 'a.bin', size: 10, message: 'hi' }
    expect(uploadStartSchema.parse(frame)).toEqual(frame)
  })

  it.each([
    { client_id: 'c1', filename: 'a.bin', size: 0 },
    { client_id: 'c1', filename: 'a.bin', size: -5 },
    { client_id: 'c1', filename: 'a.bin', size: 1.5 },
    { client_id: 'c1', filename: 'a.bin', size: '10' },
    { client_id: '', filename: 'a.bin', size: 10 },
    { client_id: 'c1', filename: '', size: 10 },
    { filename: 'a.bin', size: 10 },
  ])('rejects upload_start %j', (fields) => {
    expect(uploadStartSchema.safeParse({ type: 'upload_start', ...fields }).success).toBe(false)
  })

  it('resume and cancel need upload_id or client_id', () => {
    expect(uploadResumeSchema.safeParse({ type: 'upload_resume' }).success).toBe(false)
    expect(uploadResumeSchema.safeParse({ type: 'upload_resume', upload_id: 'a/b' }).success).toBe(false)
    expect(uploadResumeSchema.safeParse({ type: 'upload_resume', client_id: 'c' }).success).toBe(true)
    expect(uploadCancelSchema.safeParse({ type: 'upload_cancel', upload_id: 'abc' }).success).toBe(true)
    expect(uploadCancelSchema.safeParse({ type: 'upload_cancel' }).success).toBe(false)
  })

  it('parses the server frames a client acts on, and nothing else', () => {
    const ready = { type: 'upload_ready', upload_id: 'u1', client_id: 'c', filename: 'f', size: 9, offset: 3, chunk_size: 4, window_bytes: 16 }
    expect(parseUploadServerFrame(ready)).toEqual(ready)
    const progress = { type: 'upload_progress', upload_id: 'u1', client_id: 'c', received: 9, size: 9 }
    expect(parseUploadServerFrame(progress)).toEqual(progress)
    expect(parseUploadServerFrame({ type: 'upload_cancelled', upload_id: 'u1', client_id: 'c' })).not.toBeNull()
    expect(parseUploadServerFrame({ ...ready, offset: -1 })).toBeNull()
    expect(parseUploadServerFrame({ type: 'chat_message', message: 'x' })).toBeNull()
    expect(parseUploadServerFrame('upload_ready')).toBeNull()
  })
})
