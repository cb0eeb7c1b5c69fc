// Limits, each answered with a clear error: frame size (1009), file size, rate limit,
// sockets per user (4429), slow readers (1013).
import { afterEach, describe, expect, it } from 'vitest'
import type { Message } from '../../src-shared/protocol/types'
import type { ServerLimitsConfig } from '../../src-main/server/server'
import { openSocket, startTestServer, stopAllTestServers } from './helpers'

afterEach(stopAllTestServers)

async function pair(limits: Partial<ServerLimitsConfig>) {
  const t = await startTestServer({ limits })
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const id = await t.conversation(ada, bob)
  return { t, ada, bob, id }
}

describe('limits', () => {
  it('closes a socket that sends an oversize frame with 1009 and a reason', async () => {
    const { t, ada, id } = await pair({ maxFrameBytes: 1024 })
    const a = await t.connect(id, ada)
    expect(a.hello.limits).toMatchObject({ max_frame_bytes: 1024 })
    a.send({ type: 'chat_message', message: 'x'.repeat(2000) })
    const closed = await a.closed
    expect(closed.code).toBe(1009)
    expect(closed.reason).toBe('Frame too large (max 1024 bytes)')
  })

  it('refuses a file over the size limit with an error frame and keeps the socket', async () => {
    const { t, ada, id } = await pair({ maxFileBytes: 10 })
    const a = await t.connect(id, ada)
    a.send({ type: 'file_message', filename: 'big.bin', file: Buffer.alloc(20).toString('base64') })
    expect(await a.next('error')).toEqual({ type: 'error', message: 'File too large (max 10 B)' })
    a.send({ type: 'file_message', filename: 'small.bin', file: Buffer.alloc(10).toString('base64') })
    expect((await a.next<Message>('message')).file_attachment?.file_size).toBe(10)
  })

  it('drops frames over the rate with "Rate limit exceeded" and keeps the connection', async () => {
    const { t, ada, id } = await pair({ messagesPerSecond: 0.001, messageBurst: 3 })
    const a = await t.connect(id, ada)
    for (let i = 0; i < 6; i += 1) a.send({ type: 'chat_message', message: `m${i}`, client_id: `r${i}` })
    const messages = [await a.next<Message>('message'), await a.next<Message>('message'), await a.next<Message>('message')]
    expect(messages.map((m) => m.content)).toEqual(['m0', 'm1', 'm2'])
    const errors = [await a.next('error'), await a.next('error'), await a.next('error')]
    expect(errors).toEqual(['r3', 'r4', 'r5'].map((client_id) => ({ type: 'error', message: 'Rate limit exceeded', client_id })))
    a.sendRaw('still open?') // charged too: every frame counts, valid or not
    expect(await a.next('error')).toEqual({ type: 'error', message: 'Rate limit exceeded' })
    const history = await t.request<Message[]>(`/api/chat/conversations/${id}/messages/`, { token: ada.access })
    expect(history.body).toHaveLength(3)
  })

  it('closes sockets beyond the per-user limit with 4429 "Too many connections"', async () => {
    const { t, ada, bob, id } = await pair({ socketsPerUser: 2 })
    const first = await t.connect(id, ada)
    await t.connectList(ada)
    const third = await openSocket(`${t.wsUrl}/ws/chat/${id}/?token=${ada.access}`).closed
    expect(third).toEqual({ code: 4429, reason: 'Too many connections' })
    await t.connect(id, bob) // other users are not affected
    await first.close()
    const again = await t.connect(id, ada)
    expect(again.hello.type).toBe('connection_established')
  })

  it('closes a slow reader with 1013 while the others keep receiving', async () => {
    const { t, ada, bob, id } = await pair({ slowReaderBytes: 64 * 1024, messageBurst: 100_000 })
    const a = await t.connect(id, ada)
    const b = await t.connect(id, bob)
    const raw = (b.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket
    raw.pause() // bob stops reading: once the kernel's socket buffers are full, the server's backlog for him grows
    const bobConnected = () => t.server.lan.presence().some((entry) => entry.user.id === bob.user.id)
    const text = 'y'.repeat(60_000)
    let sent = 0
    // Driven by deliveries, not time: ada (reading) gets each message back until the server gives up on bob.
    while (bobConnected()) {
      if (sent === 2_000) throw new Error('bob was never closed as a slow reader')
      a.send({ type: 'chat_message', message: text })
      sent += 1
      expect((await a.next<Message>('message')).content).toHaveLength(text.length)
    }
    raw.resume()
    const closed = await b.closed
    expect(closed.code).toBe(1013)
    a.send({ type: 'chat_message', message: 'ada still connected' })
    expect((await a.next<Message>('message')).content).toBe('ada still connected')
    const history = await t.request<Message[]>(`/api/chat/conversations/${id}/messages/?limit=500`, { token: bob.access })
    expect(history.body).toHaveLength(sent + 1)
  })

  it('does not mistake one big broadcast burst for a slow reader', async () => {
    const { t, ada, bob, id } = await pair({ slowReaderBytes: 64 * 1024, messageBurst: 100_000 })
    const a = await t.connect(id, ada)
    const b = await t.connect(id, bob)
    // 12 MB submitted in one turn: one group-commit batch, broadcast in one go, far past the
    // bound and the kernel's socket buffers, to readers that keep up.
    const count = 200
    const posted = Array.from({ length: count }, (_, i) =>
      t.server.chat.postMessage({ conversationId: id, sender: ada.user, content: `${i} ${'z'.repeat(60_000)}` }))
    for (let i = 0; i < count; i += 1) {
      expect((await b.next<Message>('message', 30_000)).content.startsWith(`${i} `)).toBe(true)
      await a.next('message', 30_000)
    }
    await Promise.all(posted)
    expect(t.server.lan.presence().map((entry) => entry.sockets)).toEqual([1, 1])
  }, 60_000)
})
