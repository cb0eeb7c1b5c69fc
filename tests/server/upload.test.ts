// Chunked upload against the real server: real sockets, SQLite and files in a temp dir.
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ErrorFrame, Message } from '../../src-shared/protocol/types'
import { encodeChunkFrame, type UploadReadyFrame, type UploadErrorFrame } from '../../src-shared/protocol/upload'
import { createUploadsExtension } from '../../src-main/server/uploads/uploads-extension'
import { openSocket, startTestServer, stopAllTestServers, type TestServer, type TestUser } from './helpers'
import { download, pumpChunks, sha256, startUpload, testBytes, uploadAll } from './upload-client'

const KiB = 1024
const MiB = 1024 * KiB

afterEach(stopAllTestServers)

interface Setup {
  t: TestServer
  ada: TestUser
  bob: TestUser
  conversationId: number
}

async function setup(options: Parameters<typeof startTestServer>[0] = {}): Promise<Setup> {
  const t = await startTestServer(options)
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const conversationId = await t.conversation(ada, bob)
  return { t, ada, bob, conversationId }
}

const partFiles = (t: TestServer) => readdirSync(join(t.dataDir, 'uploads')).filter((name) => name.endsWith('.part'))

describe('chunked upload', () => {
  it('advertises chunked_upload with chunk_bytes and max_file_bytes', async () => {
    const { t, ada, conversationId } = await setup()
    const socket = await t.connect(conversationId, ada)
    expect(socket.hello.features).toContain('chunked_upload')
    expect(socket.hello.limits).toMatchObject({ chunk_bytes: 4 * MiB, max_file_bytes: expect.any(Number) })
  })

  it('delivers a 50 MB file in chunks, byte-identical, as the same broadcast to everyone', async () => {
    const { t, ada, bob, conversationId } = await setup()
    const sender = await t.connect(conversationId, ada)
    const other = await t.connect(conversationId, bob)
    const data = testBytes(50 * MiB)

    startUpload(sender, 'big-1', 'video.mp4', data.length, 'the recording')
    const ready = await sender.next<UploadReadyFrame>('upload_ready')
    expect(ready).toMatchObject({ upload_id: expect.any(String), client_id: 'big-1', filename: 'video.mp4', size: data.length, offset: 0 })
    await pumpChunks(sender, ready, data)
    const mine = await sender.next<Message>('message', 20_000)
    const theirs = await other.next<Message>('message', 20_000)

    expect(theirs).toEqual(mine)
    expect(mine).toMatchObject({ message_type: 'file', content: 'the recording', client_id: 'big-1', sender: { id: ada.user.id } })
    expect(mine.file_attachment).toMatchObject({ filename: 'video.mp4', file_size: data.length, file_type: 'video/mp4', file_size_display: '50.0 MB' })
    expect(mine.file_attachment?.file).toMatch(/^\/media\/chat_files\/\d{4}\/\d{2}\/\d{2}\/[A-Za-z0-9_-]{16}_video\.mp4$/)
    expect(sha256(await download(mine.file_attachment?.file_url as string))).toBe(sha256(data))
    expect(partFiles(t)).toEqual([])
  })

  it('refuses a wrong offset, says where to continue, and the upload still completes', async () => {
    const { t, ada, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const socket = await t.connect(conversationId, ada)
    const data = testBytes(300 * KiB, 7)
    startUpload(socket, 'skip', 'a.bin', data.length)
    const ready = await socket.next<UploadReadyFrame>('upload_ready')
    await pumpChunks(socket, ready, data, { until: 128 * KiB })

    socket.sendRaw(Buffer.from(encodeChunkFrame(ready.upload_id, 192 * KiB, data.subarray(192 * KiB, 256 * KiB))))
    const error = await socket.next<UploadErrorFrame>('error')
    expect(error).toEqual({
      type: 'error',
      code: 'wrong_offset',
      message: `Wrong offset ${192 * KiB}: the server expects offset ${128 * KiB}`,
      upload_id: ready.upload_id,
      client_id: 'skip',
      expected_offset: 128 * KiB,
    })
    await pumpChunks(socket, { ...ready, offset: error.expected_offset as number }, data)
    const message = await socket.next<Message>('message')
    expect(sha256(await download(message.file_attachment?.file_url as string))).toBe(sha256(data))
  })

  it('resumes on a new socket after a disconnect, from the server offset', async () => {
    const { t, ada, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const data = testBytes(1 * MiB, 3)
    const first = await t.connect(conversationId, ada)
    startUpload(first, 'resume-me', 'b.bin', data.length)
    const ready = await first.next<UploadReadyFrame>('upload_ready')
    const acked = await pumpChunks(first, ready, data, { until: 384 * KiB })
    await first.close()

    const second = await t.connect(conversationId, ada)
    second.send({ type: 'upload_resume', client_id: 'resume-me' })
    const resumed = await second.next<UploadReadyFrame>('upload_ready')
    expect(resumed).toMatchObject({ upload_id: ready.upload_id, offset: acked, size: data.length })
    await pumpChunks(second, resumed, data)
    const message = await second.next<Message>('message')
    expect(message.client_id).toBe('resume-me')
    expect(sha256(await download(message.file_attachment?.file_url as string))).toBe(sha256(data))
  })

  it('a new socket takes over an upload still open on an old one', async () => {
    const { t, ada, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const data = testBytes(256 * KiB, 5)
    const old = await t.connect(conversationId, ada)
    startUpload(old, 'takeover', 'c.bin', data.length)
    const ready = await old.next<UploadReadyFrame>('upload_ready')
    await pumpChunks(old, ready, data, { until: 64 * KiB })

    const fresh = await t.connect(conversationId, ada)
    fresh.send({ type: 'upload_resume', upload_id: ready.upload_id })
    const resumed = await fresh.next<UploadReadyFrame>('upload_ready')
    expect(resumed.offset).toBe(64 * KiB)
    old.sendRaw(Buffer.from(encodeChunkFrame(ready.upload_id, 64 * KiB, data.subarray(64 * KiB, 128 * KiB))))
    expect(await old.next<UploadErrorFrame>('error')).toMatchObject({ code: 'not_found', upload_id: ready.upload_id })
    await pumpChunks(fresh, resumed, data)
    expect((await fresh.next<Message>('message')).file_attachment?.file_size).toBe(data.length)
  })

  it('survives a server restart mid-upload', async () => {
    const { t, ada, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const data = testBytes(640 * KiB, 11)
    const before = await t.connect(conversationId, ada)
    startUpload(before, 'restart', 'd.bin', data.length, 'after restart')
    const ready = await before.next<UploadReadyFrame>('upload_ready')
    const acked = await pumpChunks(before, ready, data, { until: 320 * KiB })
    await t.restart()

    const after = await t.connect(conversationId, ada)
    after.send({ type: 'upload_resume', upload_id: ready.upload_id })
    const resumed = await after.next<UploadReadyFrame>('upload_ready')
    expect(resumed).toMatchObject({ upload_id: ready.upload_id, client_id: 'restart', offset: acked })
    await pumpChunks(after, resumed, data)
    const message = await after.next<Message>('message')
    expect(message.content).toBe('after restart')
    expect(sha256(await download(message.file_attachment?.file_url as string))).toBe(sha256(data))
  })

  it('cancel deletes the partial file and forgets the upload', async () => {
    const { t, ada, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const data = testBytes(256 * KiB)
    const socket = await t.connect(conversationId, ada)
    startUpload(socket, 'cancel-me', 'e.bin', data.length)
    const ready = await socket.next<UploadReadyFrame>('upload_ready')
    await pumpChunks(socket, ready, data, { until: 128 * KiB })
    expect(partFiles(t)).toEqual([`${ready.upload_id}.part`])

    socket.send({ type: 'upload_cancel', upload_id: ready.upload_id })
    expect(await socket.next('upload_cancelled')).toEqual({ type: 'upload_cancelled', upload_id: ready.upload_id, client_id: 'cancel-me' })
    expect(partFiles(t)).toEqual([])
    socket.send({ type: 'upload_resume', upload_id: ready.upload_id })
    expect(await socket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'not_found', message: 'Upload not found' })
  })

  it('refuses a file over the size limit before any bytes are sent', async () => {
    const { t, ada, conversationId } = await setup({ limits: { maxFileBytes: 5 * MiB } })
    const socket = await t.connect(conversationId, ada)
    expect(socket.hello.limits).toMatchObject({ max_file_bytes: 5 * MiB })
    startUpload(socket, 'huge', 'f.bin', 5 * MiB + 1)
    expect(await socket.next<UploadErrorFrame>('error')).toEqual({
      type: 'error', code: 'too_large', message: 'File too large (max 5.0 MB)', client_id: 'huge',
    })
    expect(partFiles(t)).toEqual([])
    expect(socket.pending().some((frame) => frame.type === 'upload_ready')).toBe(false)
  })

  it("nobody else can resume, cancel or write someone's upload", async () => {
    const { t, ada, bob, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const carol = await t.addUser('carol')
    const carolsConversation = await t.conversation(carol, bob)
    const data = testBytes(192 * KiB)
    const adaSocket = await t.connect(conversationId, ada)
    startUpload(adaSocket, 'private', 'g.bin', data.length)
    const ready = await adaSocket.next<UploadReadyFrame>('upload_ready')
    await pumpChunks(adaSocket, ready, data, { until: 64 * KiB })
    await adaSocket.close()

    // Bob shares the conversation but not the upload.
    const bobSocket = await t.connect(conversationId, bob)
    bobSocket.send({ type: 'upload_resume', upload_id: ready.upload_id })
    expect(await bobSocket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'not_found', message: 'Upload not found' })
    bobSocket.send({ type: 'upload_cancel', upload_id: ready.upload_id })
    expect(await bobSocket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'not_found' })
    bobSocket.sendRaw(Buffer.from(encodeChunkFrame(ready.upload_id, 64 * KiB, data.subarray(64 * KiB, 128 * KiB))))
    expect(await bobSocket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'not_found' })

    // Carol is not a participant: she cannot join the conversation, nor reach the upload from hers.
    const refused = openSocket(`${t.wsUrl}/ws/chat/${conversationId}/?token=${carol.access}`)
    expect((await refused.closed).code).toBe(4404)
    const carolSocket = await t.connect(carolsConversation, carol)
    carolSocket.send({ type: 'upload_resume', upload_id: ready.upload_id })
    expect(await carolSocket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'not_found' })

    // Ada still can, and nothing was lost.
    const again = await t.connect(conversationId, ada)
    again.send({ type: 'upload_resume', upload_id: ready.upload_id })
    const resumed = await again.next<UploadReadyFrame>('upload_ready')
    expect(resumed.offset).toBe(64 * KiB)
    await pumpChunks(again, resumed, data)
    expect(sha256(await download((await again.next<Message>('message')).file_attachment?.file_url as string))).toBe(sha256(data))
  })

  it('an upload_start repeating a finished client_id returns the stored Message, not a duplicate', async () => {
    const { t, ada, bob, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const data = testBytes(100 * KiB)
    const socket = await t.connect(conversationId, ada)
    const bobSocket = await t.connect(conversationId, bob)
    const first = await uploadAll(socket, 'once', 'h.bin', data)
    await bobSocket.next<Message>('message')

    startUpload(socket, 'once', 'h.bin', data.length)
    const again = await socket.next<Message>('message')
    expect(again.id).toBe(first.id)
    expect(again.client_id).toBe('once')
    socket.send({ type: 'upload_resume', client_id: 'once' })
    expect((await socket.next<Message>('message')).id).toBe(first.id)
    expect(socket.pending().some((frame) => frame.type === 'upload_ready')).toBe(false)

    const history = await t.request<Message[]>(`/api/chat/conversations/${conversationId}/messages/`, { token: ada.access })
    expect(history.body.filter((m) => m.client_id === 'once')).toHaveLength(1)
    // Bob saw one broadcast only.
    socket.send({ type: 'chat_message', message: 'marker' })
    expect((await bobSocket.next<Message>('message')).content).toBe('marker')
  })

  it('a resume that races the last chunk is answered with the finished Message', async () => {
    const { t, ada, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const socket = await t.connect(conversationId, ada)
    const data = testBytes(128 * KiB)
    startUpload(socket, 'race', 'r.bin', data.length)
    const ready = await socket.next<UploadReadyFrame>('upload_ready')
    await pumpChunks(socket, ready, data, { until: 64 * KiB })
    socket.sendRaw(Buffer.from(encodeChunkFrame(ready.upload_id, 64 * KiB, data.subarray(64 * KiB))))
    socket.send({ type: 'upload_resume', upload_id: ready.upload_id, client_id: 'race' })
    const broadcast = await socket.next<Message>('message')
    const answer = await socket.next<Message>('message')
    expect(answer.id).toBe(broadcast.id)
    expect(socket.pending().filter((frame) => frame.type === 'upload_ready' || frame.type === 'error')).toEqual([])
  })

  it('a seed-only server does not know the frames', async () => {
    const { t, ada, conversationId } = await setup({ seedOnly: true })
    const socket = await t.connect(conversationId, ada)
    expect(socket.hello.features).toBeUndefined()
    socket.send({ type: 'upload_start', filename: 'a.bin', size: 10 })
    expect(await socket.next<ErrorFrame>('error')).toEqual({ type: 'error', message: 'Unknown message type: upload_start' })
  })
})

describe('chunked upload: bad input and housekeeping', () => {
  it('answers malformed frames and chunks with clear errors and keeps the socket usable', async () => {
    const { t, ada, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const socket = await t.connect(conversationId, ada)
    socket.send({ type: 'upload_start', client_id: 'bad', filename: 'x.bin' })
    expect(await socket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'invalid_frame', client_id: 'bad', message: expect.stringMatching(/^Invalid size/) })
    socket.send({ type: 'upload_start', client_id: 'bad', filename: '../', size: 10 })
    expect(await socket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'invalid_frame', message: 'Invalid filename' })
    socket.send({ type: 'upload_resume' })
    expect(await socket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'invalid_frame', message: 'upload_id or client_id is required' })
    socket.sendRaw(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]))
    expect(await socket.next<UploadErrorFrame>('error')).toEqual({ type: 'error', code: 'bad_chunk', message: 'Not an upload chunk frame' })

    const data = testBytes(200 * KiB)
    startUpload(socket, 'edges', 'y.bin', data.length)
    const ready = await socket.next<UploadReadyFrame>('upload_ready')
    socket.sendRaw(Buffer.from(encodeChunkFrame(ready.upload_id, 0, data.subarray(0, 64 * KiB + 1))))
    expect(await socket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'bad_chunk', message: `Chunk is larger than chunk_size (${64 * KiB} bytes)` })
    socket.sendRaw(Buffer.from(encodeChunkFrame('not-an-upload', 0, data.subarray(0, 10))))
    expect(await socket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'not_found', upload_id: 'not-an-upload' })

    const message = await (async () => {
      await pumpChunks(socket, ready, data, { until: 192 * KiB })
      socket.sendRaw(Buffer.from(encodeChunkFrame(ready.upload_id, 192 * KiB, testBytes(9 * KiB))))
      expect(await socket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'bad_chunk', message: 'Chunk runs past the declared file size' })
      await pumpChunks(socket, { ...ready, offset: 192 * KiB }, data)
      return socket.next<Message>('message')
    })()
    expect(sha256(await download(message.file_attachment?.file_url as string))).toBe(sha256(data))
  })

  it('refuses an upload the disk cannot hold, and more than 16 unfinished uploads per user', async () => {
    const { t, ada, conversationId } = await setup({ limits: { maxFileBytes: 2 ** 52 } })
    const socket = await t.connect(conversationId, ada)
    startUpload(socket, 'petabyte', 'p.bin', 2 ** 51)
    expect(await socket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'insufficient_storage', client_id: 'petabyte' })

    for (let i = 0; i < 16; i += 1) {
      startUpload(socket, `many-${i}`, 'm.bin', 1000)
      await socket.next<UploadReadyFrame>('upload_ready')
    }
    startUpload(socket, 'many-16', 'm.bin', 1000)
    expect(await socket.next<UploadErrorFrame>('error')).toMatchObject({ code: 'too_many_uploads', client_id: 'many-16' })
    socket.send({ type: 'upload_cancel', client_id: 'many-0' })
    await socket.next('upload_cancelled')
    startUpload(socket, 'many-16', 'm.bin', 1000)
    expect(await socket.next<UploadReadyFrame>('upload_ready')).toMatchObject({ client_id: 'many-16', offset: 0 })
  })

  it('a client that ignores the window is paused, not buffered, and its file still arrives whole', async () => {
    const { t, ada, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const socket = await t.connect(conversationId, ada)
    const data = testBytes(8 * MiB, 13)
    startUpload(socket, 'flood', 'z.bin', data.length)
    const ready = await socket.next<UploadReadyFrame>('upload_ready')
    expect(ready.window_bytes).toBe(8 * 64 * KiB)
    // Everything at once: 16 times the advertised window.
    await pumpChunks(socket, ready, data, { windowBytes: data.length })
    const message = await socket.next<Message>('message', 20_000)
    expect(sha256(await download(message.file_attachment?.file_url as string))).toBe(sha256(data))
  })

  it('removes stale partial uploads and orphaned .part files at start', async () => {
    const { t, ada, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const socket = await t.connect(conversationId, ada)
    const data = testBytes(128 * KiB)
    startUpload(socket, 'stale', 's.bin', data.length)
    const ready = await socket.next<UploadReadyFrame>('upload_ready')
    await pumpChunks(socket, ready, data, { until: 64 * KiB })
    await socket.close()
    writeFileSync(join(t.dataDir, 'uploads', 'orphan.part'), 'left by a crash')

    // Everything older than 1 ms counts as stale on this start.
    await t.restart({ extensions: [createUploadsExtension({ maxAgeMs: 1 })] })
    const again = await t.connect(conversationId, ada)
    again.send({ type: 'upload_resume', upload_id: ready.upload_id })
    expect(await again.next<UploadErrorFrame>('error')).toMatchObject({ code: 'not_found' })
    await expect.poll(() => partFiles(t)).toEqual([])
  })

  it('keeps a fresh partial upload across a restart (no premature expiry)', async () => {
    const { t, ada, conversationId } = await setup({ limits: { chunkBytes: 64 * KiB } })
    const socket = await t.connect(conversationId, ada)
    startUpload(socket, 'fresh', 'f.bin', 128 * KiB)
    const ready = await socket.next<UploadReadyFrame>('upload_ready')
    await t.restart()
    const again = await t.connect(conversationId, ada)
    again.send({ type: 'upload_resume', client_id: 'fresh' })
    expect(await again.next<UploadReadyFrame>('upload_ready')).toMatchObject({ upload_id: ready.upload_id, offset: 0 })
    expect(partFiles(t)).toEqual([`${ready.upload_id}.part`])
  })
})
