// The engine against the real embedded server: sending, receiving, restarts, the outbox.
import { afterEach, describe, expect, it } from 'vitest'
import { FEATURES, type Message } from '../../src-shared/protocol/types'
import { startTestServer, stopAllTestServers, type TestServer, type TestUser } from '../server/helpers'
import { isOpen, makeEngine, stopAllEngines, waitFor, type Harness } from './engine-harness'

afterEach(async () => {
  await stopAllEngines()
  await stopAllTestServers()
})

async function world(options: Parameters<typeof startTestServer>[0] = {}) {
  const t = await startTestServer(options)
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const conversation = await t.conversation(ada, bob)
  const engine = makeEngine()
  await engine.client.signIn({ server: t.url, email: ada.email, password: ada.password })
  return { t, ada, bob, conversation, engine }
}

async function history(t: TestServer, user: TestUser, conversation: number): Promise<Message[]> {
  const res = await t.request<Message[]>(`/api/chat/conversations/${conversation}/messages/?limit=500`, { token: user.access })
  return res.body
}

function ids(messages: Message[]): number[] {
  return messages.map((m) => m.id)
}

function openChat(engine: Harness, conversation: number) {
  engine.client.setViewing(conversation)
  return waitFor(() => isOpen(engine.events, conversation), 'chat socket open')
}

describe('chat engine against the embedded server', () => {
  it('sends a text through queued → sending → sent and receives others\u2019 messages once', async () => {
    const { t, bob, conversation, engine } = await world()
    await openChat(engine, conversation)
    const item = engine.client.sendText(conversation, 'hello bob')
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'sent')
    const states = engine.events['message-state'].filter((s) => s.clientId === item.clientId).map((s) => s.state)
    expect(states).toEqual(['queued', 'sending', 'sent'])

    const bobSocket = await t.connect(conversation, bob)
    bobSocket.send({ type: 'chat_message', message: 'hi ada' })
    await waitFor(() => engine.events.message.some((m) => m.content === 'hi ada'), 'bob\u2019s message')
    expect(engine.events.message.map((m) => m.content)).toEqual(['hello bob', 'hi ada'])
    const own = engine.events.message[0]!
    expect(engine.events['message-state'].at(-1)).toMatchObject({ clientId: item.clientId, state: 'sent', messageId: own.id })
  })

  it('announces a message that neither the history page being loaded nor the socket had: the page is the baseline of the first gap fill', async () => {
    // Seed-only: no list socket, which would announce 'new' on its own while the chat socket is closed.
    const { t, ada, bob, conversation } = await world({ seedOnly: true })
    // Answers to message pages are held back, in order: first the app's history page, then
    // the socket's first gap fill, so the page lands while the fill is under way.
    const held: Array<() => void> = []
    const fetchHolding: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init)
      if (/\/messages\/\?/.test(String(input))) await new Promise<void>((resolve) => held.push(resolve))
      return answer
    }
    const engine = makeEngine({ watchRecent: 0 }, undefined, fetchHolding) // no socket before Ada views it
    await engine.client.signIn({ server: t.url, email: ada.email, password: ada.password })
    const bobSocket = await t.connect(conversation, bob)
    bobSocket.send({ type: 'chat_message', message: 'old' })
    await bobSocket.next('message')
    const page = engine.client.history(conversation) // answered with ['old'], held
    await waitFor(() => held.length === 1, 'the history page answered')
    bobSocket.send({ type: 'chat_message', message: 'new' }) // after the page, before Ada's socket
    await bobSocket.next('message')
    engine.client.setViewing(conversation)
    await waitFor(() => held.length === 2, 'the first gap fill answered')
    held[0]?.()
    expect((await page).messages.map((m) => m.content)).toEqual(['old'])
    held[1]?.()
    await waitFor(() => engine.events.message.some((m) => m.content === 'new'), '"new" announced')
    expect(engine.events.message.filter((m) => m.content === 'new')).toHaveLength(1)
  })

  it('asks a seed server what it is once, not on every list poll', async () => {
    const { t, ada } = await world({ seedOnly: true })
    const asked: string[] = []
    const fetchCounting: typeof fetch = (input, init) => {
      asked.push(new URL(String(input)).pathname)
      return fetch(input, init)
    }
    const engine = makeEngine({ listRefreshMs: 50 }, undefined, fetchCounting)
    await engine.client.signIn({ server: t.url, email: ada.email, password: ada.password })
    await waitFor(() => asked.filter((path) => path === '/api/chat/conversations/').length >= 4, 'three list polls')
    expect(asked.filter((path) => path === '/api/parley/info/')).toHaveLength(1)
  })

  it('a server that answers its list before saying what it is is asked again soon, not a poll interval later', async () => {
    const { t, engine } = await world()
    const saved = { server: t.url, tokens: engine.client.session!.tokens, user: engine.client.session!.user }
    await engine.client.signOut()
    // The server coming up between the two requests of a start: what it is was asked before
    // it listened, its list after.
    let listAnswered = false
    const fetchServerComingUp: typeof fetch = async (input, init) => {
      const path = new URL(String(input)).pathname
      if (path === '/api/parley/info/' && !listAnswered) throw new TypeError('fetch failed')
      const answer = await fetch(input, init)
      if (path === '/api/chat/conversations/') listAnswered = true
      return answer
    }
    // No chat socket either (watchRecent 0), whose greeting would say it instead.
    const resumed = makeEngine({ listRefreshMs: 10 * 60_000, watchRecent: 0 }, undefined, fetchServerComingUp)
    const session = await resumed.client.resume(saved)
    expect(session.features).toEqual([])
    // Failed before: the next question was a whole poll interval (here 10 minutes) away.
    await waitFor(() => resumed.client.session!.features.includes(FEATURES.edit), 'the extensions learned')
    await waitFor(() => isOpen(resumed.events, 'list'), 'the list socket open')
  })

  it('survives a server restart mid-conversation: reconnects by itself, nothing lost, nothing twice', async () => {
    const { t, ada, bob, conversation, engine } = await world()
    await openChat(engine, conversation)
    engine.client.sendText(conversation, 'before restart')
    await waitFor(() => engine.events.message.length === 1, 'first message')

    await t.server.close()
    const queued = engine.client.sendText(conversation, 'typed while the server was down')
    await t.restart()
    // Bob writes while Ada's socket is (probably) still down; the gap fill must bring it.
    const bobSocket = await t.connect(conversation, bob)
    for (const n of [1, 2, 3]) bobSocket.send({ type: 'chat_message', message: `bob ${n}` })

    await waitFor(() => engine.events.message.length === 5, 'all five messages', 20_000)
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === queued.clientId && s.state === 'sent'), 'queued sent')
    const stored = await history(t, ada, conversation)
    expect(stored.map((m) => m.content).sort()).toEqual(['before restart', 'bob 1', 'bob 2', 'bob 3', 'typed while the server was down'])
    expect(new Set(ids(engine.events.message)).size).toBe(5)
    expect(new Set(ids(engine.events.message))).toEqual(new Set(ids(stored)))
    expect(engine.events.connection.some((s) => s.scope === conversation && s.state === 'reconnecting')).toBe(true)
  })

  it('flushes 100 messages queued while the server is down exactly once, in order', async () => {
    const { t, ada, conversation, engine } = await world()
    await openChat(engine, conversation)
    await t.server.close()
    const texts = Array.from({ length: 100 }, (_, i) => `queued ${i}`)
    for (const text of texts) engine.client.sendText(conversation, text)
    expect(engine.client.outbox(conversation)).toHaveLength(100)
    await t.restart()
    await waitFor(() => engine.client.outbox(conversation).length === 0, 'outbox drained', 60_000)
    const stored = await history(t, ada, conversation)
    expect(stored.map((m) => m.content)).toEqual(texts)
    expect(engine.events.message.filter((m) => m.content.startsWith('queued '))).toHaveLength(100)
    expect(engine.storage.rows.size).toBe(0)
  }, 90_000) // a restart and 100 durable commits on a loaded 2-core machine: room, not a speed check

  it('keeps the outbox across an app restart: a new engine on the same storage sends it once', async () => {
    const { t, ada, conversation, engine } = await world()
    await openChat(engine, conversation)
    await t.server.close()
    engine.client.sendText(conversation, 'survives restart')
    await engine.client.signOut()
    expect(engine.storage.rows.size).toBe(1)
    await t.restart()
    const second = makeEngine({}, engine.storage)
    await second.client.signIn({ server: t.url, email: ada.email, password: ada.password })
    await waitFor(() => second.storage.rows.size === 0, 'persisted item sent')
    expect((await history(t, ada, conversation)).map((m) => m.content)).toEqual(['survives restart'])
  })

  it('resends after an unacknowledged send without duplicating (client_id)', async () => {
    const { t, ada, conversation, engine } = await world()
    await openChat(engine, conversation)
    const item = engine.client.sendText(conversation, 'in flight when the network died')
    engine.client.networkDown() // the frame is on the wire; its echo will never reach us
    engine.client.networkUp()
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'sent')
    expect((await history(t, ada, conversation)).map((m) => m.content)).toEqual(['in flight when the network died'])
  })

  it('marks read when viewed and focused, and turns own items read on a receipt', async () => {
    const { t, bob, conversation, engine } = await world()
    await openChat(engine, conversation)
    const bobSocket = await t.connect(conversation, bob)
    const item = engine.client.sendText(conversation, 'read me')
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'sent')
    bobSocket.send({ type: 'mark_read' })
    await waitFor(() => engine.events.receipt.length === 1, 'receipt')
    expect(engine.events['message-state'].at(-1)).toMatchObject({ clientId: item.clientId, state: 'read' })

    // Viewed and focused: a message arriving now is marked read on the server by itself.
    engine.client.setFocused(true)
    bobSocket.send({ type: 'chat_message', message: 'seen?' })
    await waitFor(() => engine.events.message.some((m) => m.content === 'seen?'), 'delivered')
    for (let tries = 0; ; tries += 1) {
      const messages = await history(t, bob, conversation)
      if (messages.find((m) => m.content === 'seen?')?.is_read) break
      if (tries > 100) throw new Error('bob’s message was never marked read')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }

    // Not focused: the next one stays unread and counts in the list.
    engine.client.setFocused(false)
    bobSocket.send({ type: 'chat_message', message: 'unseen' })
    await waitFor(() => engine.events.conversation.some((c) => c.id === conversation && c.unread_count === 1), 'unread count 1')
    expect((await history(t, bob, conversation)).find((m) => m.content === 'unseen')?.is_read).toBe(false)
  })

  it('sends typing true then false, and remote typing expires by itself', async () => {
    const { t, bob, conversation } = await world()
    const engine = makeEngine({ remoteTypingTtlMs: 300 })
    await engine.client.signIn({ server: t.url, email: 'ada@example.com', password: 'password-ada' })
    await openChat(engine, conversation)
    const bobSocket = await t.connect(conversation, bob)
    engine.client.setTyping(conversation, true)
    engine.client.setTyping(conversation, true)
    expect(await bobSocket.next('typing')).toMatchObject({ is_typing: true })
    engine.client.sendText(conversation, 'done typing')
    expect(await bobSocket.next('typing')).toMatchObject({ is_typing: false })
    expect(bobSocket.pending().filter((f) => f.type === 'typing')).toHaveLength(0)

    bobSocket.send({ type: 'typing', is_typing: true })
    await waitFor(() => engine.events.typing.length === 2, 'typing on and expired off')
    expect(engine.events.typing.map((e) => e.isTyping)).toEqual([true, false])
  })
})
