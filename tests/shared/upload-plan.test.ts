import { describe, expect, it } from 'vitest'
import {
  chooseUploadMethod,
  chunksToSend,
  DEFAULT_CHUNK_BYTES,
  nextChunkRange,
  SEED_FRAME_MAX_FILE_BYTES,
} from '../../src-shared/protocol/upload'

const MiB = 1024 * 1024
const parley = {
  features: ['client_id', 'chunked_upload'],
  limits: { max_file_bytes: 4096 * MiB, max_frame_bytes: 64 * MiB, chunk_bytes: 2 * MiB },
}

describe('chooseUploadMethod', () => {
  it('sends small files as the seed frame even when chunked is offered', () => {
    expect(chooseUploadMethod(100 * 1024, parley, 8 * MiB)).toEqual({ kind: 'seed' })
  })

  it('goes chunked at the threshold, with the advertised chunk size', () => {
    expect(chooseUploadMethod(8 * MiB, parley, 8 * MiB)).toEqual({ kind: 'chunked', chunkBytes: 2 * MiB })
    expect(chooseUploadMethod(2048 * MiB, parley, 8 * MiB)).toEqual({ kind: 'chunked', chunkBytes: 2 * MiB })
  })

  it('goes chunked below the threshold when the seed frame would not fit max_frame_bytes', () => {
    const tight = { ...parley, limits: { ...parley.limits, max_frame_bytes: MiB } }
    expect(chooseUploadMethod(MiB, tight, 8 * MiB)).toEqual({ kind: 'chunked', chunkBytes: 2 * MiB })
  })

  it('falls back to the default chunk size when none is advertised', () => {
    const noChunk = { features: ['chunked_upload'] }
    expect(chooseUploadMethod(100 * MiB, noChunk, 8 * MiB)).toEqual({ kind: 'chunked', chunkBytes: DEFAULT_CHUNK_BYTES })
  })

  it('refuses files over max_file_bytes before sending anything', () => {
    expect(chooseUploadMethod(4097 * MiB, parley)).toEqual({ kind: 'too_large', maxBytes: 4096 * MiB })
  })

  it('uses the seed frame on a seed server, up to the seed ceiling', () => {
    expect(chooseUploadMethod(100 * MiB, {})).toEqual({ kind: 'seed' })
    expect(chooseUploadMethod(SEED_FRAME_MAX_FILE_BYTES + 1, {})).toEqual({
      kind: 'too_large',
      maxBytes: SEED_FRAME_MAX_FILE_BYTES,
    })
  })

  it('on a Parley server without chunked upload, the frame limit caps the seed frame', () => {
    const seedOnlyParley = { features: ['client_id'], limits: { max_frame_bytes: 4 * MiB } }
    expect(chooseUploadMethod(2 * MiB, seedOnlyParley)).toEqual({ kind: 'seed' })
    const result = chooseUploadMethod(3.5 * MiB, seedOnlyParley)
    expect(result.kind).toBe('too_large')
    if (result.kind === 'too_large') expect(result.maxBytes).toBeLessThan(3.5 * MiB)
  })
})

describe('chunk ranges', () => {
  it('walks the file in chunks with a short last one', () => {
    expect(nextChunkRange(0, 10, 4)).toEqual({ start: 0, end: 4 })
    expect(nextChunkRange(8, 10, 4)).toEqual({ start: 8, end: 10 })
    expect(nextChunkRange(10, 10, 4)).toBeNull()
  })

  it('keeps at most the window unacknowledged', () => {
    const window = { size: 100, chunkBytes: 10, windowBytes: 30 }
    expect(chunksToSend({ ...window, sentOffset: 0, ackedOffset: 0 })).toEqual([
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 20, end: 30 },
    ])
    expect(chunksToSend({ ...window, sentOffset: 30, ackedOffset: 0 })).toEqual([])
    expect(chunksToSend({ ...window, sentOffset: 30, ackedOffset: 10 })).toEqual([{ start: 30, end: 40 }])
    expect(chunksToSend({ ...window, sentOffset: 90, ackedOffset: 80 })).toEqual([{ start: 90, end: 100 }])
    expect(chunksToSend({ ...window, sentOffset: 100, ackedOffset: 100 })).toEqual([])
  })

  it('always allows one chunk in flight even with a window smaller than a chunk', () => {
    expect(chunksToSend({ size: 100, chunkBytes: 10, windowBytes: 1, sentOffset: 0, ackedOffset: 0 })).toEqual([
      { start: 0, end: 10 },
    ])
  })

  it('never splits a chunk to fit the window', () => {
    const ranges = chunksToSend({ size: 100, chunkBytes: 10, windowBytes: 25, sentOffset: 0, ackedOffset: 0 })
    expect(ranges).toEqual([
      { start: 0, end: 10 },
      { start: 10, end: 20 },
    ])
  })
})
