// Tokens (4001 → refresh → reconnect, expiry), chunked uploads and the live list socket,
// against the real embedded server.
import { afterEach, describe, expect, it } from 'vitest'
import type { Message } from '../../src-shared/protocol/types'
import { startTestServer, stopAllTestServers } from '../server/helpers'
import { bytesSource, isOpen, makeEngine, stopAllEngines, waitFor } from './engine-harness'

afterEach(async () => {
  await stopAllEngines()
  await stopAllTestServers()
})

async function world(options: Parameters<typeof startTestServer>[0] = {}) {
  const t = await startTestServer(options)
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const conversation = await t.conversation(ada, bob)
  return { t, ada, bob, conversation }
}

describe('tokens', () => {
  it('close 4001 → refreshes the token → reconnects and sends', async () => {
    const { t, ada, conversation } = await world()
    const engine = makeEngine()
    const tokens: string[] = []
    // A rejected access token (as after the server's key or clock changed) with a good refresh token.
    await engine.client.resume({ server: t.url, tokens: { access: 'not-a-valid.jwt.token', refresh: ada.refresh }, user: ada.user })
    engine.client.setViewing(conversation)
    await waitFor(() => isOpen(engine.events, conversation), 'socket open after refresh')
    tokens.push(engine.client.session!.tokens.access)
    expect(tokens[0]).not.toBe('not-a-valid.jwt.token')
    const item = engine.client.sendText(conversation, 'after refresh')
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'sent')
    expect(engine.events['session-expired']).toEqual([])
  })

  it('resumes a saved session while the server is down, and catches up when it is back', async () => {
    const { t, ada, conversation } = await world()
    await t.server.close()
    const engine = makeEngine()
    const session = await engine.client.resume({ server: t.url, tokens: { access: ada.access, refresh: ada.refresh }, user: ada.user })
    expect(session.features).toEqual([])
    const item = engine.client.sendText(conversation, 'written offline')
    await t.restart()
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'sent after the server came back', 20_000)
    await waitFor(() => isOpen(engine.events, 'list'), 'list socket started once features were learned')
    expect(engine.client.session?.features).toContain('client_id')
  })

  it('reports the session expired when the refresh token is refused too', async () => {
    const { t, ada, conversation } = await world()
    const engine = makeEngine()
    await engine.client.resume({ server: t.url, tokens: { access: 'bad.access.token', refresh: 'bad.refresh.token' }, user: ada.user })
    engine.client.setViewing(conversation)
    await waitFor(() => engine.events['session-expired'].length === 1, 'session-expired')
    expect(engine.events['session-expired'][0]).toMatchObject({ server: t.url })
    await expect(engine.client.history(conversation)).rejects.toMatchObject({ code: 'unauthorized' })
  })

  it('says "Wrong email or password" and "registration closed" in words', async () => {
    const { t, ada } = await world({ registration: 'closed' })
    const engine = makeEngine()
    await expect(engine.client.signIn({ server: t.url, email: ada.email, password: 'nope' })).rejects.toMatchObject({ code: 'unauthorized', message: 'Wrong email or password.' })
    await expect(engine.client.register({ server: t.url, email: 'new@example.com', password: 'password-new-1', fullName: 'New' })).rejects.toMatchObject({ code: 'forbidden' })
    expect(await engine.client.probeServer(t.url)).toMatchObject({ ok: true, kind: 'parley', registration: 'closed' })
  })
})

describe('files and the list socket', () => {
  it('uploads a large file in chunks with monotonic progress, once', async () => {
    const { t, ada, conversation } = await world({ limits: { chunkBytes: 64 * 1024 } })
    const engine = makeEngine({ chunkThresholdBytes: 100 * 1024 })
    await engine.client.signIn({ server: t.url, email: ada.email, password: ada.password })
    engine.client.setViewing(conversation)
    await waitFor(() => isOpen(engine.events, conversation), 'open')
    const bytes = new Uint8Array(1_000_000).map((_, i) => (i * 7) % 256)
    const item = engine.client.sendFile(conversation, bytesSource('big.bin', bytes), 'chunked')
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'file sent', 30_000)
    const progress = engine.events['upload-progress'].filter((p) => p.clientId === item.clientId).map((p) => p.sentBytes)
    expect(progress.length).toBeGreaterThan(3)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(progress.at(-1)).toBe(bytes.length)
    const stored = (await t.request<Message[]>(`/api/chat/conversations/${conversation}/messages/`, { token: ada.access })).body
    expect(stored).toHaveLength(1)
    const file = await fetch(stored[0]!.file_attachment!.file_url)
    // Buffer.equals: a deep equality over a million elements would take seconds.
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true)
  })

  it('keeps the conversation list live over /ws/conversations/: previews and unread counts', async () => {
    const { t, ada, bob, conversation } = await world()
    const engine = makeEngine()
    const session = await engine.client.signIn({ server: t.url, email: ada.email, password: ada.password })
    expect(session.features).toContain('conversations_socket')
    await waitFor(() => isOpen(engine.events, 'list'), 'list socket open')
    const bobSocket = await t.connect(conversation, bob)
    bobSocket.send({ type: 'chat_message', message: 'ping from bob' })
    await waitFor(() => engine.events.conversation.some((c) => c.id === conversation && c.unread_count === 1 && c.last_message_preview.includes('ping from bob')), 'list update')
    await waitFor(() => engine.events.message.some((m) => m.content === 'ping from bob'), 'message via list socket')
    expect(engine.events.message.filter((m) => m.content === 'ping from bob')).toHaveLength(1)

    engine.client.setViewing(conversation)
    await waitFor(() => engine.events.conversation.at(-1)?.unread_count === 0, 'read after viewing')
  })
})
