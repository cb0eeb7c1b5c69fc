// The engine's chat extensions against the real embedded server: actions through the
// outbox (offline → online, exactly once, acknowledged or failed), replies and mentions on
// sends, catching up on changes after a reconnect, search and the page around a message,
// and the ext declaration that makes a Parley server send the extension keys.
import { afterEach, describe, expect, it } from 'vitest'
import { ParleyError } from '../../src-shared/client/errors'
import type { OutboxItem } from '../../src-shared/client/types'
import { FEATURES, MESSAGE_EXTENSIONS, type Message } from '../../src-shared/protocol/types'
import { startTestServer, stopAllTestServers, type TestServer, type TestUser } from '../server/helpers'
import { isOpen, makeEngine, stopAllEngines, waitFor, type Harness } from './engine-harness'

afterEach(async () => {
  await stopAllEngines()
  await stopAllTestServers()
})

const EXT = MESSAGE_EXTENSIONS.join(',')

async function world() {
  const t = await startTestServer()
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const conversation = await t.conversation(ada, bob)
  const engine = makeEngine()
  await engine.client.signIn({ server: t.url, email: ada.email, password: ada.password })
  const bobEngine = makeEngine()
  await bobEngine.client.signIn({ server: t.url, email: bob.email, password: bob.password })
  for (const harness of [engine, bobEngine]) {
    harness.client.setViewing(conversation)
    await waitFor(() => isOpen(harness.events, conversation), 'chat socket open')
  }
  return { t, ada, bob, conversation, engine, bobEngine }
}

/** The conversation as the server stores it now, with every extension key. */
async function stored(t: TestServer, user: TestUser, conversation: number): Promise<Message[]> {
  return (await t.request<Message[]>(`/api/chat/conversations/${conversation}/messages/?limit=500&ext=${EXT}`, { token: user.access })).body
}

function states(harness: Harness, item: OutboxItem): string[] {
  return harness.events['message-state'].filter((s) => s.clientId === item.clientId).map((s) => s.state)
}

const isSent = (harness: Harness, item: OutboxItem) => () => states(harness, item).includes('sent')

async function sendAndWait(harness: Harness, conversation: number, text: string, options = {}): Promise<Message> {
  const item = harness.client.sendText(conversation, text, options)
  await waitFor(isSent(harness, item), `"${text}" sent`)
  const id = harness.events['message-state'].find((s) => s.clientId === item.clientId && s.state === 'sent')!.messageId
  await waitFor(() => harness.events.message.some((m) => m.id === id), `"${text}" echoed`)
  return harness.events.message.find((m) => m.id === id)!
}

describe('chat extensions in the engine', () => {
  it('declares ext, so the server answers with the extension keys on sockets and history', async () => {
    const { conversation, engine } = await world()
    expect(engine.client.session?.features).toEqual(expect.arrayContaining([...MESSAGE_EXTENSIONS, FEATURES.search]))
    const message = await sendAndWait(engine, conversation, 'with keys')
    expect(message).toMatchObject({ edited_at: null, deleted: false, reply_to: null, reactions: [], mentions: [], revision: 0 })
    const page = await engine.client.history(conversation)
    expect(page.messages.at(-1)).toMatchObject({ id: message.id, deleted: false, revision: 0 })
  })

  it('sends reply_to and mentions, and the stored message shows them', async () => {
    const { conversation, engine, bobEngine, bob } = await world()
    const question = await sendAndWait(bobEngine, conversation, 'lunch?')
    const answer = await sendAndWait(engine, conversation, '@Bob Tester yes', { replyTo: question.id, mentions: [bob.user.id, bob.user.id] })
    expect(answer.reply_to).toMatchObject({ id: question.id, snippet: 'lunch?', deleted: false, sender: { id: bob.user.id } })
    expect(answer.mentions).toEqual([bob.user.id])

    // An edit's mentions are the ones still in its text: none left clears them.
    const edit = engine.client.editMessage(conversation, answer.id, 'yes')
    await waitFor(isSent(engine, edit), 'edit sent')
    await waitFor(() => engine.events['message-updated'].some((m) => m.id === answer.id), 'the edit echoed')
    expect(engine.events['message-updated'].find((m) => m.id === answer.id)).toMatchObject({ content: 'yes', mentions: [] })
  })

  it('queues edit, react and delete offline and applies each exactly once when back', async () => {
    const { t, ada, conversation, engine, bobEngine } = await world()
    const mine = await sendAndWait(engine, conversation, 'typo hree')
    const other = await sendAndWait(engine, conversation, 'to be removed')
    const bobs = await sendAndWait(bobEngine, conversation, 'nice')

    await t.server.close()
    const edit = engine.client.editMessage(conversation, mine.id, 'typo here')
    const react = engine.client.react(conversation, bobs.id, '🎉', true)
    const remove = engine.client.deleteMessage(conversation, other.id)
    expect(engine.client.outbox(conversation).map((i) => [i.kind, i.state, i.messageId])).toEqual([
      ['edit', 'queued', mine.id], ['react', 'queued', bobs.id], ['delete', 'queued', other.id],
    ])
    await engine.client.flushStorage()
    expect(engine.storage.rows.size).toBe(3) // persisted like messages
    await t.restart()

    for (const item of [edit, react, remove]) await waitFor(isSent(engine, item), `${item.kind} sent`, 20_000)
    expect(engine.storage.rows.size).toBe(0)
    const now = await stored(t, ada, conversation)
    expect(now.find((m) => m.id === mine.id)).toMatchObject({ content: 'typo here', edited_at: expect.any(String) })
    expect(now.find((m) => m.id === bobs.id)?.reactions).toEqual([{ emoji: '🎉', user_ids: [ada.user.id] }])
    expect(now.find((m) => m.id === other.id)).toMatchObject({ deleted: true, content: '' })

    // Bob sees each change once, as message-updated with a rising revision.
    await waitFor(() => bobEngine.events['message-updated'].length >= 3, 'Bob sees the three changes', 20_000)
    const seen = bobEngine.events['message-updated']
    expect(seen.map((m) => m.id)).toEqual([mine.id, bobs.id, other.id])
    expect(seen.map((m) => m.revision)).toEqual([...seen.map((m) => m.revision)].sort((a, b) => a! - b!))
  })

  it('resends an action whose answer was lost without applying it twice', async () => {
    const { t, ada, conversation, engine, bobEngine } = await world()
    const bobs = await sendAndWait(bobEngine, conversation, 'react to me')
    const item = engine.client.react(conversation, bobs.id, '👍', true)
    engine.client.networkDown() // the frame may be on the wire; its answer will not reach us
    engine.client.networkUp()
    await waitFor(isSent(engine, item), 'reaction sent')
    const again = engine.client.react(conversation, bobs.id, '👍', false)
    await waitFor(isSent(engine, again), 'reaction removed')
    expect((await stored(t, ada, conversation)).find((m) => m.id === bobs.id)?.reactions).toEqual([])
    expect(states(engine, item).filter((s) => s === 'sent')).toHaveLength(1)
  })

  it('fails an action the server refuses, in its words, and goes on with the next', async () => {
    const { conversation, engine, bobEngine } = await world()
    const bobs = await sendAndWait(bobEngine, conversation, 'not yours')
    const refused = engine.client.editMessage(conversation, bobs.id, 'mine now')
    const next = await sendAndWait(engine, conversation, 'after the refusal')
    expect(next.content).toBe('after the refusal')
    const failed = engine.client.outbox(conversation).find((i) => i.clientId === refused.clientId)
    expect(failed).toMatchObject({ state: 'failed', error: 'You can only edit your own messages' })
  })

  it('catches up on edits, deletions and reactions made while it was away', async () => {
    const { conversation, engine, bobEngine } = await world()
    const first = await sendAndWait(bobEngine, conversation, 'first')
    const second = await sendAndWait(bobEngine, conversation, 'second')
    const third = await sendAndWait(engine, conversation, 'third')
    await waitFor(() => engine.events.message.length === 3, 'Ada has all three')

    engine.client.networkDown()
    const actions = [
      bobEngine.client.editMessage(conversation, first.id, 'first, edited'),
      bobEngine.client.deleteMessage(conversation, second.id),
      bobEngine.client.react(conversation, third.id, '❤️', true),
    ]
    for (const item of actions) await waitFor(isSent(bobEngine, item), `Bob's ${item.kind}`)
    expect(engine.events['message-updated']).toEqual([])

    engine.client.networkUp()
    await waitFor(() => engine.events['message-updated'].length === 3, 'the three changes caught up')
    const changed = new Map(engine.events['message-updated'].map((m) => [m.id, m]))
    expect(changed.get(first.id)).toMatchObject({ content: 'first, edited' })
    expect(changed.get(second.id)).toMatchObject({ deleted: true })
    expect(changed.get(third.id)?.reactions).toEqual([{ emoji: '❤️', user_ids: [bobEngine.client.session!.user.id] }])

    // Another reconnect finds nothing new: each change is announced once.
    engine.client.networkDown()
    engine.client.networkUp()
    await waitFor(() => isOpen(engine.events, conversation), 'reopened')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(engine.events['message-updated']).toHaveLength(3)
  })

  it('started offline, learns the extensions from the first socket and reopens it declaring them', async () => {
    const { t, conversation, engine, bobEngine } = await world()
    const bobs = await sendAndWait(bobEngine, conversation, 'before the outage')
    const saved = { server: t.url, tokens: engine.client.session!.tokens, user: engine.client.session!.user }
    await engine.client.signOut()

    await t.server.close()
    const offline = makeEngine()
    const session = await offline.client.resume(saved)
    expect(session.features).toEqual([]) // nothing to ask while the server is down
    offline.client.setViewing(conversation)
    const queued = offline.client.sendText(conversation, 'written offline')
    await t.restart()
    await waitFor(() => offline.client.session!.features.includes(FEATURES.edit), 'features learned from the socket', 20_000)
    // Sends wait for the socket's gap fill, so once this is sent the socket that declared the
    // extensions has filled the gap: the edit below can only reach it live. (Made during the
    // fill, it could arrive with the filled messages, which are not announced: this engine
    // has shown none of them.)
    await waitFor(isSent(offline, queued), 'the message written offline sent', 20_000)
    expect(isOpen(offline.events, conversation)).toBe(true)
    expect(offline.events.message.find((m) => m.content === 'written offline')).toHaveProperty('revision', 0) // extension keys: declared

    const edit = bobEngine.client.editMessage(conversation, bobs.id, 'after the outage')
    await waitFor(isSent(bobEngine, edit), 'Bob\'s edit')
    await waitFor(() => offline.events['message-updated'].some((m) => m.id === bobs.id && m.content === 'after the outage'), 'the edit, live')
    expect(offline.events['message-updated'].filter((m) => m.id === bobs.id)).toHaveLength(1)
  })

  it('searches live, opens the page around a result, and says offline in words without a cache', async () => {
    const { t, conversation, engine, bobEngine } = await world()
    for (let n = 1; n <= 60; n += 1) bobEngine.client.sendText(conversation, n === 5 ? 'the Café rendezvous' : `filler ${n}`)
    await waitFor(() => bobEngine.client.outbox(conversation).length === 0, 'Bob\'s 60 messages stored', 30_000)
    const results = await engine.client.search({ text: 'cafe rendez' })
    expect(results.live).toBe(true)
    expect(results.hits).toHaveLength(1)
    const hit = results.hits[0]!
    expect(hit).toMatchObject({ conversationId: conversation, message: { content: 'the Café rendezvous' } })
    expect(hit.highlights.length).toBeGreaterThan(0)

    const page = await engine.client.historyAround(conversation, hit.message.id)
    expect(page.messages.map((m) => m.id)).toContain(hit.message.id)
    expect(page).toMatchObject({ live: true, hasMore: true, hasNewer: true })

    await t.server.close()
    await expect(engine.client.search({ text: 'cafe' })).rejects.toMatchObject({ code: 'network', message: /offline/ })
  })
})

describe('a seed-only server', () => {
  it('offers none of the extensions and refuses the actions in words; prefs still work', async () => {
    const t = await startTestServer({ seedOnly: true })
    const ada = await t.addUser('ada')
    const bob = await t.addUser('bob')
    const conversation = await t.conversation(ada, bob)
    const engine = makeEngine()
    await engine.client.signIn({ server: t.url, email: ada.email, password: ada.password })
    engine.client.setViewing(conversation)
    await waitFor(() => isOpen(engine.events, conversation), 'chat socket open')
    const item = engine.client.sendText(conversation, 'plain')
    await waitFor(isSent(engine, item), 'sent')
    const message = engine.events.message[0]!
    expect(Object.keys(message).sort()).toEqual(['content', 'conversation', 'created_at', 'file_attachment', 'id', 'is_read', 'message_type', 'sender'])

    const refusals: [() => unknown, RegExp][] = [
      [() => engine.client.editMessage(conversation, message.id, 'x'), /editing/],
      [() => engine.client.deleteMessage(conversation, message.id), /deleting/],
      [() => engine.client.react(conversation, message.id, '👍', true), /reactions/],
      [() => engine.client.sendText(conversation, 'x', { replyTo: message.id }), /replies/],
      [() => engine.client.sendText(conversation, 'x', { mentions: [bob.user.id] }), /mentions/],
    ]
    for (const [action, words] of refusals) {
      let error: unknown
      try {
        action()
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(ParleyError)
      expect((error as ParleyError).message).toMatch(words)
    }
    await expect(engine.client.search({ text: 'plain' })).rejects.toMatchObject({ code: 'forbidden', message: /search/ })
    expect(engine.client.outbox(conversation)).toEqual([])
    // Without the search extension a page around a message is found by paging back.
    expect((await engine.client.historyAround(conversation, message.id)).messages.map((m) => m.id)).toEqual([message.id])
    expect(engine.client.setMuted(conversation, true)).toEqual({ conversationId: conversation, muted: true, markedUnread: false })
  })
})
