// Against a server with every extension off (a stand-in for a seed-only backend): no
// client_id echo, no list socket, no chunked upload. Duplicates are avoided by one frame
// in flight and by checking history before a resend (docs/protocol.md, Client behaviour).
import { afterEach, describe, expect, it } from 'vitest'
import type { EngineOptions } from '../../src-shared/client/options'
import type { Message } from '../../src-shared/protocol/types'
import { startTestServer, stopAllTestServers } from '../server/helpers'
import { bytesSource, isOpen, makeEngine, stopAllEngines, waitFor } from './engine-harness'

afterEach(async () => {
  await stopAllEngines()
  await stopAllTestServers()
})

async function seedWorld(options: Parameters<typeof startTestServer>[0] = {}, engineOptions: Partial<EngineOptions> = {}) {
  const t = await startTestServer({ seedOnly: true, ...options })
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const conversation = await t.conversation(ada, bob)
  const engine = makeEngine(engineOptions)
  const session = await engine.client.signIn({ server: t.url, email: ada.email, password: ada.password })
  engine.client.setViewing(conversation)
  await waitFor(() => isOpen(engine.events, conversation), 'chat socket open')
  const history = async () => (await t.request<Message[]>(`/api/chat/conversations/${conversation}/messages/?limit=500`, { token: ada.access })).body
  return { t, ada, bob, conversation, engine, session, history }
}

describe('seed-only server fallback', () => {
  it('matches the echo without client_id, including identical texts sent back to back', async () => {
    const { conversation, engine, session, history } = await seedWorld()
    expect(session.features).toEqual([])
    const items = ['same', 'same', 'other', 'same'].map((text) => engine.client.sendText(conversation, text))
    await waitFor(() => engine.client.outbox(conversation).length === 0, 'outbox drained')
    const stored = await history()
    expect(stored.map((m) => m.content)).toEqual(['same', 'same', 'other', 'same'])
    expect(stored.some((m) => 'client_id' in m)).toBe(false)
    const sentIds = items.map((item) => engine.events['message-state'].find((s) => s.clientId === item.clientId && s.state === 'sent')?.messageId)
    expect(sentIds).toEqual(stored.map((m) => m.id))
  })

  it('does not resend a message the server stored while its echo was lost', async () => {
    const { conversation, engine, history } = await seedWorld()
    const item = engine.client.sendText(conversation, 'stored, echo lost')
    engine.client.networkDown()
    engine.client.networkUp()
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'sent')
    expect((await history()).map((m) => m.content)).toEqual(['stored, echo lost'])
  })

  it('flushes what was queued during a restart exactly once, in order', async () => {
    // The socket keeps trying while the server is away: a slow close outlasting its attempts
    // would leave the flush to the next list poll, 30 s on (the test above).
    const { t, conversation, engine, history } = await seedWorld({}, { maxAttempts: 1_000 })
    await t.server.close()
    const texts = Array.from({ length: 30 }, (_, i) => `seed ${i}`)
    for (const text of texts) engine.client.sendText(conversation, text)
    await t.restart()
    await waitFor(() => engine.client.outbox(conversation).length === 0, 'outbox drained', 30_000)
    expect((await history()).map((m) => m.content)).toEqual(texts)
  })

  it('a socket that gave up while the server was away reconnects once the list answers again', async () => {
    // One attempt only: the socket is offline (given up) long before the server is back. The
    // list is polled (no list socket on a seed server), here often.
    const { t, conversation, engine, history } = await seedWorld({}, { maxAttempts: 1, listRefreshMs: 200 })
    await t.server.close()
    await waitFor(() => engine.events.connection.some((s) => s.scope === conversation && s.state === 'offline'), 'the socket given up')
    await t.restart()
    // No network event, resume, Retry now or send: the next list poll that reaches the server
    // reopens the sockets it wants (the conversation in view, those with messages queued).
    await waitFor(() => isOpen(engine.events, conversation), 'the socket open again', 20_000)
    const item = engine.client.sendText(conversation, 'after the outage')
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'sent')
    expect((await history()).map((m) => m.content)).toEqual(['after the outage'])
  })

  it('attributes a server error to the one frame in flight and goes on with the next', async () => {
    const { conversation, engine, history } = await seedWorld({ limits: { maxMessageChars: 20 } })
    const bad = engine.client.sendText(conversation, 'this text is longer than the server allows')
    const good = engine.client.sendText(conversation, 'short one')
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === good.clientId && s.state === 'sent'), 'second sent')
    const failed = engine.client.outbox(conversation)
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ clientId: bad.clientId, state: 'failed' })
    expect(failed[0]?.error).toBeTruthy()
    expect((await history()).map((m) => m.content)).toEqual(['short one'])

    engine.client.discard(bad.clientId)
    expect(engine.client.outbox(conversation)).toEqual([])
  })

  it('sends a file as one seed frame with monotonic progress', async () => {
    const { conversation, engine, history } = await seedWorld()
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251)
    const item = engine.client.sendFile(conversation, bytesSource('data.bin', bytes), 'a file')
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'file sent')
    const stored = (await history()).at(-1)!
    expect(stored).toMatchObject({ message_type: 'file', content: 'a file', file_attachment: { filename: 'data.bin', file_size: bytes.length } })
    const progress = engine.events['upload-progress'].filter((p) => p.clientId === item.clientId).map((p) => p.sentBytes)
    expect(progress.at(-1)).toBe(bytes.length)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
  })
})
