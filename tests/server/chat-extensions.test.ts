// The chat extensions over real sockets and REST (docs/protocol.md "Chat extensions"):
// reply and mentions on sends, edit/delete/react frames and message_updated, exactly-once
// actions, what seed clients see, the changes and around endpoints, and --seed-only.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Conversation, Message, MessageChanges } from '../../src-shared/protocol/types'
import type { UploadReadyFrame } from '../../src-shared/protocol/upload'
import { pumpChunks, testBytes } from './upload-client'
import { keysOf, startPair, stopAllTestServers, type Frame, type TestServer, type TestSocket, type TestUser } from './helpers'

afterEach(stopAllTestServers)

const EXT = 'ext=edit,delete,reply,reactions,mentions'
const SEED_KEYS = ['content', 'conversation', 'created_at', 'file_attachment', 'id', 'is_read', 'message_type', 'sender']
const ALL_KEYS = [...SEED_KEYS, 'deleted', 'edited_at', 'mentions', 'reactions', 'reply_to', 'revision'].sort()

/** Sends a text and answers its broadcast as this socket sees it (skipping others' messages). */
async function send(socket: TestSocket, frame: Record<string, unknown>): Promise<Message> {
  socket.send({ type: 'chat_message', ...frame })
  for (;;) {
    const message = await socket.next<Message>('message')
    if (message.content === frame.message) return message
  }
}

async function history(t: TestServer, id: number, user: TestUser, query = ''): Promise<Message[]> {
  const res = await t.request<Message[]>(`/api/chat/conversations/${id}/messages/?${query}`, { token: user.access })
  expect(res.status).toBe(200)
  return res.body
}

/** Proves `socket` got nothing in between: the next frame it sees is this fresh message. */
async function nothingElseBefore(sender: TestSocket, socket: TestSocket, text: string): Promise<void> {
  sender.send({ type: 'chat_message', message: text })
  const next = await socket.next()
  expect(next).toMatchObject({ content: text })
}

/** A message of a conversation between `member` and a new user carol: someone else's conversation for ada. */
async function foreignMessage(t: TestServer, member: TestUser, text: string): Promise<Message> {
  const carol = await t.addUser('carol')
  const other = await t.conversation(member, carol)
  return send(await t.connect(other, carol, EXT), { message: text })
}

/** A message `socket` sends and then deletes. */
async function deletedMessage(socket: TestSocket, text: string): Promise<Message> {
  const message = await send(socket, { message: text })
  socket.send({ type: 'delete_message', message_id: message.id })
  await socket.next('message_updated')
  return message
}

async function setup() {
  const pair = await startPair()
  const { t, ada, bob, id } = pair
  const a = await t.connect(id, ada, EXT)
  const b = await t.connect(id, bob, EXT)
  const seed = await t.connect(id, bob)
  return { ...pair, a, b, seed }
}

describe('chat extensions: advertised, and off with --seed-only', () => {
  it('advertises the six features on the socket and /api/parley/info/', async () => {
    const { t, a } = await setup()
    const features = ['search', 'edit', 'delete', 'reply', 'reactions', 'mentions']
    expect(a.hello.features).toEqual(expect.arrayContaining(features))
    const info = await t.request<{ features: string[] }>('/api/parley/info/')
    expect(info.body.features).toEqual(expect.arrayContaining(features))
  })

  it('with --seed-only: the frames are unknown, the routes 404, ext and the send extras change nothing', async () => {
    const { t, ada, bob, id } = await startPair({ seedOnly: true })
    const a = await t.connect(id, ada, EXT)
    expect(a.hello.features).toBeUndefined()
    const m = await send(a, { message: 'hi', reply_to: 99999, mentions: ['x'] })
    expect(keysOf(m)).toEqual(SEED_KEYS)
    for (const type of ['edit_message', 'delete_message', 'react']) {
      a.send({ type, message_id: m.id, message: 'x', emoji: '👍', on: true })
      expect(await a.next('error')).toEqual({ type: 'error', message: `Unknown message type: ${type}` })
    }
    const token = { token: bob.access }
    expect((await t.request(`/api/chat/conversations/${id}/messages/changes/?since=0`, token)).status).toBe(404)
    expect((await t.request('/api/parley/search/?q=hi', token)).status).toBe(404)
    const around = await history(t, id, bob, `around=${m.id}&${EXT}`)
    expect(around.map((x) => keysOf(x))).toEqual([SEED_KEYS])
  })
})

describe('reply and mentions on sends', () => {
  it('store the reply and the participants mentioned; seed sockets see seed keys only', async () => {
    const { t, ada, bob, id, a, b, seed } = await setup()
    const carol = await t.addUser('carol')
    const first = await send(a, { message: 'first   message\nwith   lines' })
    await b.next('message')
    await seed.next('message')
    a.send({ type: 'chat_message', message: 'answer @Bob', reply_to: first.id, mentions: [bob.user.id, carol.user.id, bob.user.id, ada.user.id] })
    const mine = await a.next<Message>('message')
    expect(keysOf(mine)).toEqual(ALL_KEYS)
    expect(mine.reply_to).toEqual({ id: first.id, sender: ada.user, snippet: 'first message with lines', deleted: false })
    expect(mine.mentions).toEqual([bob.user.id, ada.user.id]) // the stranger and the repeat dropped
    expect(mine).toMatchObject({ edited_at: null, deleted: false, reactions: [], revision: 0 })
    expect((await b.next<Message>('message')).mentions).toEqual([bob.user.id, ada.user.id])
    expect(keysOf(await seed.next('message'))).toEqual(SEED_KEYS)
    const stored = (await history(t, id, bob, EXT)).at(-1)
    expect(stored).toMatchObject({ id: mine.id, reply_to: { id: first.id }, mentions: [bob.user.id, ada.user.id] })
    expect(keysOf((await history(t, id, bob)).at(-1))).toEqual(SEED_KEYS)
    // Only what was declared: a client reading replies alone gets reply_to and nothing else.
    const replyOnly = await history(t, id, bob, 'ext=reply,unknown')
    expect(keysOf(replyOnly.at(-1))).toEqual([...SEED_KEYS, 'reply_to'].sort())
  })

  it('refuse a reply to another conversation, a deleted message or a bad id, and bad mentions: nothing stored, socket open', async () => {
    const { t, ada, bob, id, a } = await setup()
    const foreign = await foreignMessage(t, bob, 'elsewhere')
    const gone = await deletedMessage(a, 'to be deleted')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ reply_to: foreign.id }, 'reply_to must be a message of this conversation'],
      [{ reply_to: 999_999 }, 'reply_to must be a message of this conversation'],
      [{ reply_to: 'abc' }, 'reply_to must be a message of this conversation'],
      [{ reply_to: gone.id }, 'You cannot reply to a deleted message'],
      [{ mentions: 'bob' }, 'mentions must be a list of user ids'],
      [{ mentions: [1.5] }, 'mentions must be a list of user ids'],
      [{ mentions: Array.from({ length: 51 }, (_, i) => i + 1) }, 'mentions must be a list of user ids'],
    ]
    const before = (await history(t, id, ada)).length
    for (const [extra, error] of cases) {
      a.send({ type: 'chat_message', message: 'x', client_id: 'c1', ...extra })
      expect(await a.next('error')).toEqual({ type: 'error', message: error, client_id: 'c1' })
    }
    a.send({ type: 'file_message', filename: 'a.txt', file: Buffer.from('hi').toString('base64'), reply_to: foreign.id })
    expect(await a.next('error')).toMatchObject({ message: 'reply_to must be a message of this conversation' })
    expect(await history(t, id, ada)).toHaveLength(before)
    // The refused client_id is free: the same id now stores.
    expect((await send(a, { message: 'ok', client_id: 'c1' })).content).toBe('ok')
    void bob
  })
})

describe('reply and mentions on a chunked upload', () => {
  it('carry from upload_start to the file message; a reply refused at the end ends the upload with the reason', async () => {
    const { bob, a, b } = await setup()
    const first = await send(a, { message: 'send me the file' })
    await b.next('message')
    const data = testBytes(3000)
    b.send({ type: 'upload_start', client_id: 'u1', filename: 'f.bin', size: data.length, reply_to: first.id, mentions: [bob.user.id, 424242] })
    await pumpChunks(b, await b.next<UploadReadyFrame>('upload_ready'), data)
    const file = await b.next<Message>('message')
    expect(file).toMatchObject({ message_type: 'file', reply_to: { id: first.id, snippet: 'send me the file' }, mentions: [bob.user.id] })
    b.send({ type: 'upload_start', client_id: 'u2', filename: 'g.bin', size: 10, mentions: 'all' })
    expect(await b.next('error')).toMatchObject({ message: 'mentions must be a list of user ids', client_id: 'u2' })
    // The message answered is deleted while the upload runs.
    b.send({ type: 'upload_start', client_id: 'u3', filename: 'h.bin', size: data.length, reply_to: first.id })
    const ready = await b.next<UploadReadyFrame>('upload_ready')
    a.send({ type: 'delete_message', message_id: first.id })
    await b.next('message_updated')
    await pumpChunks(b, ready, data)
    expect(await b.next('error')).toMatchObject({ code: 'invalid_frame', message: 'You cannot reply to a deleted message', client_id: 'u3' })
    b.send({ type: 'upload_resume', client_id: 'u3' })
    expect(await b.next('error')).toMatchObject({ code: 'not_found' })
  })
})

describe('edit, delete and react', () => {
  it('edit: message_updated to the sockets that declared it, seed sockets nothing; history and preview follow', async () => {
    const { t, ada, bob, id, a, b, seed } = await setup()
    const list = await t.connectList(bob, EXT)
    const m = await send(a, { message: 'helo' })
    await b.next('message')
    await seed.next('message')
    await list.next('conversation_updated')
    a.send({ type: 'edit_message', message_id: m.id, message: 'hello @Bob', mentions: [bob.user.id], client_id: 'e1' })
    const updated = await b.next<{ message: Message; client_id: string }>('message_updated')
    expect(updated.client_id).toBe('e1')
    expect(updated.message).toMatchObject({ id: m.id, content: 'hello @Bob', mentions: [bob.user.id], deleted: false })
    expect(updated.message.edited_at).toEqual(expect.any(String))
    expect(updated.message.revision).toBeGreaterThan(0)
    expect((await a.next<{ message: Message }>('message_updated')).message.revision).toBe(updated.message.revision)
    const preview = await list.next<{ conversation: Conversation }>('conversation_updated')
    expect(preview.conversation.last_message_preview).toBe('hello @Bob')
    await nothingElseBefore(a, seed, 'after the edit')
    const seedView = (await history(t, id, bob)).find((x) => x.id === m.id)
    expect(seedView).toMatchObject({ id: m.id, content: 'hello @Bob', sender: ada.user })
    expect(keysOf(seedView)).toEqual(SEED_KEYS)
    // A socket that declared nothing still hears back about its own action (seed-shaped).
    const plain = await t.connect(id, ada)
    plain.send({ type: 'edit_message', message_id: m.id, message: 'hello again', client_id: 'e2' })
    const own = await plain.next<{ message: Message; client_id: string }>('message_updated')
    expect(own.client_id).toBe('e2')
    expect(keysOf(own.message)).toEqual(SEED_KEYS)
    expect((await b.next<{ message: Message }>('message_updated')).message.content).toBe('hello again')
  })

  it('delete: placeholder for seed clients, deleted for others, file gone from media, preview "Message deleted"', async () => {
    const { t, bob, id, a, b, seed } = await setup()
    const list = await t.connectList(bob)
    a.send({ type: 'file_message', filename: 'photo.png', file: Buffer.from('png bytes').toString('base64'), message: 'caption' })
    const file = await a.next<Message>('message')
    await b.next('message')
    await seed.next('message')
    await list.next('conversation_updated')
    const stored = join(t.dataDir, 'media', file.file_attachment?.file.replace(/^\/media\//, '') ?? '')
    expect(existsSync(stored)).toBe(true)
    expect((await fetch(file.file_attachment?.file_url ?? '')).status).toBe(200)
    a.send({ type: 'delete_message', message_id: file.id })
    const { message } = await b.next<{ message: Message }>('message_updated')
    expect(message).toMatchObject({ id: file.id, deleted: true, content: '', message_type: 'text', file_attachment: null, reactions: [], mentions: [] })
    await a.next('message_updated')
    expect((await list.next<{ conversation: Conversation }>('conversation_updated')).conversation.last_message_preview).toBe('Message deleted')
    await vi.waitFor(() => expect(existsSync(stored)).toBe(false)) // removed once the deletion is durable
    expect((await fetch(file.file_attachment?.file_url ?? '')).status).toBe(404)
    const seedView = (await history(t, id, bob)).find((x) => x.id === file.id)
    expect(seedView).toMatchObject({ content: 'Message deleted', message_type: 'text', file_attachment: null })
    expect(keysOf(seedView)).toEqual(SEED_KEYS)
    const conversation = await t.request<Conversation>(`/api/chat/conversations/${id}/`, { token: bob.access })
    expect(conversation.body.last_message_preview).toBe('Message deleted')
    // Deleting again changes nothing: answered to the sender alone.
    a.send({ type: 'delete_message', message_id: file.id, client_id: 'd2' })
    expect(await a.next('message_updated')).toMatchObject({ client_id: 'd2', message: { id: file.id, revision: message.revision } })
    await nothingElseBefore(a, b, 'after the second delete')
  })

  it('react: add, order of first use, toggle off, repeats change nothing', async () => {
    const { bob, ada, a, b } = await setup()
    const m = await send(a, { message: 'react to me' })
    await b.next('message')
    const react = async (socket: TestSocket, emoji: string, on: boolean) => {
      socket.send({ type: 'react', message_id: m.id, emoji, on })
      return (await socket.next<{ message: Message }>('message_updated')).message
    }
    await react(b, '👍', true)
    await a.next('message_updated')
    await react(a, '❤️', true)
    await b.next('message_updated')
    const both = await react(a, '👍', true)
    await b.next('message_updated')
    expect(both.reactions).toEqual([{ emoji: '👍', user_ids: [bob.user.id, ada.user.id] }, { emoji: '❤️', user_ids: [ada.user.id] }])
    const again = await react(a, '👍', true) // already there: to the sender alone, same revision
    expect(again.revision).toBe(both.revision)
    const off = await react(b, '👍', false)
    // Order of first use among the reactions there now: ada's 👍 came after her ❤️.
    expect(off.reactions).toEqual([{ emoji: '❤️', user_ids: [ada.user.id] }, { emoji: '👍', user_ids: [ada.user.id] }])
    expect(off.revision).toBeGreaterThan(both.revision ?? 0)
    expect((await a.next<{ message: Message }>('message_updated')).message.revision).toBe(off.revision)
  })

  it('refuses hostile actions with the documented errors; the socket stays open and nothing changes', async () => {
    const { t, bob, id, a, b } = await setup()
    const foreign = await foreignMessage(t, bob, 'not yours to see')
    const mine = await send(a, { message: 'mine' })
    const theirs = await send(b, { message: 'theirs' })
    const gone = await deletedMessage(a, 'gone')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'edit_message', message_id: foreign.id, message: 'x' }, 'Message not found'],
      [{ type: 'delete_message', message_id: foreign.id }, 'Message not found'],
      [{ type: 'react', message_id: foreign.id, emoji: '👍', on: true }, 'Message not found'],
      [{ type: 'edit_message', message_id: theirs.id, message: 'x' }, 'You can only edit your own messages'],
      [{ type: 'delete_message', message_id: theirs.id }, 'You can only delete your own messages'],
      [{ type: 'edit_message', message_id: gone.id, message: 'x' }, 'This message was deleted'],
      [{ type: 'react', message_id: gone.id, emoji: '👍', on: true }, 'This message was deleted'],
      [{ type: 'edit_message', message_id: mine.id, message: '   ' }, 'Message content is required'],
      [{ type: 'edit_message', message_id: mine.id }, 'Message content is required'],
      [{ type: 'edit_message', message_id: mine.id, message: 'x'.repeat(65_537) }, 'Message too long (max 65536 characters)'],
      [{ type: 'edit_message', message_id: mine.id, message: 'x', mentions: [0] }, 'mentions must be a list of user ids'],
      [{ type: 'react', message_id: mine.id, emoji: 'a', on: true }, 'emoji must be one emoji'],
      [{ type: 'react', message_id: mine.id, emoji: '👍👍', on: true }, 'emoji must be one emoji'],
      [{ type: 'react', message_id: mine.id, emoji: '👍'.repeat(10_000), on: true }, 'emoji must be one emoji'],
      [{ type: 'react', message_id: mine.id, emoji: { x: 1 }, on: true }, 'emoji must be one emoji'],
      [{ type: 'react', message_id: mine.id, emoji: '👍', on: 'yes' }, 'on must be true or false'],
      [{ type: 'react', message_id: '1', emoji: '👍', on: true }, 'message_id must be a message id'],
      [{ type: 'delete_message', message_id: -3 }, 'message_id must be a message id'],
      [{ type: 'delete_message' }, 'message_id must be a message id'],
    ]
    for (const [frame, error] of cases) {
      a.send({ ...frame, client_id: 'h1' })
      expect([frame, await a.next('error')]).toEqual([frame, { type: 'error', message: error, client_id: 'h1' }])
    }
    const emoji = ['😀', '😁', '😂', '🤣', '😃', '😄', '😅', '😆', '😉', '😊', '😋', '😎', '😍', '😘', '🥰', '😗', '😙', '🥲', '😚', '🙂']
    for (const e of emoji) {
      a.send({ type: 'react', message_id: mine.id, emoji: e, on: true })
      await a.next('message_updated')
    }
    a.send({ type: 'react', message_id: mine.id, emoji: '🤗', on: true })
    expect(await a.next('error')).toMatchObject({ message: 'Too many reactions (max 20 per person on a message)' })
    const ext = await history(t, id, bob, EXT)
    expect(ext.find((x) => x.id === mine.id)).toMatchObject({ content: 'mine', edited_at: null })
    expect(ext.find((x) => x.id === mine.id)?.reactions).toHaveLength(20)
    expect(ext.find((x) => x.id === theirs.id)).toMatchObject({ content: 'theirs', deleted: false })
    expect((await send(a, { message: 'still open' })).content).toBe('still open')
  })

  it('applies each action exactly once per client_id, across a restart; the resend is answered to its socket alone', async () => {
    const { t, ada, bob, id, a, b } = await setup()
    const m = await send(a, { message: 'once' })
    const d = await send(a, { message: 'delete once' })
    await b.next('message')
    await b.next('message')
    const actions = [
      { type: 'edit_message', message_id: m.id, message: 'edited once', client_id: 'x-edit' },
      { type: 'react', message_id: m.id, emoji: '🎉', on: true, client_id: 'x-react' },
      { type: 'delete_message', message_id: d.id, client_id: 'x-delete' },
    ]
    const revisions: number[] = []
    for (const action of actions) {
      a.send(action)
      const first = await a.next<{ message: Message; client_id: string }>('message_updated')
      await b.next('message_updated')
      revisions.push(first.message.revision ?? 0)
    }
    // A second action with the reaction's client_id but the opposite effect must not apply either.
    a.send({ ...actions[1], on: false })
    expect(await a.next('message_updated')).toMatchObject({ client_id: 'x-react', message: { reactions: [{ emoji: '🎉' }] } })
    await t.restart()
    const a2 = await t.connect(id, ada, EXT)
    const b2 = await t.connect(id, bob, EXT)
    for (const [i, action] of actions.entries()) {
      a2.send(action)
      const again = await a2.next<{ message: Message; client_id: string }>('message_updated')
      expect(again.client_id).toBe(action.client_id)
      // The message as it is now: the edit's message also carries the later reaction.
      expect(again.message.revision).toBe(i === 2 ? revisions[2] : revisions[1])
    }
    await nothingElseBefore(a2, b2, 'nothing re-broadcast')
    const changes = await t.request<MessageChanges>(`/api/chat/conversations/${id}/messages/changes/?since=0&${EXT}`, { token: bob.access })
    expect(changes.body.messages.map((x) => x.id)).toEqual([m.id, d.id])
    expect(changes.body.revision).toBe(Math.max(...revisions))
  })
})

describe('catching up: changes and around', () => {
  it('a chat socket reading changes is greeted with the conversation’s newest revision; a seed socket is not', async () => {
    const { t, ada, bob, id, a, seed } = await setup()
    expect(a.hello.revision).toBe(0)
    expect(seed.hello).not.toHaveProperty('revision')
    const m = await send(a, { message: 'to be edited' })
    a.send({ type: 'edit_message', message_id: m.id, message: 'edited' })
    const updated = await a.next<{ message: Message }>('message_updated')
    const later = await t.connect(id, bob, EXT)
    expect(later.hello.revision).toBe(updated.message.revision)
    expect((await t.connect(id, ada, 'ext=reply')).hello).not.toHaveProperty('revision') // reads no changes
  })

  it('changes: edits, deletions and reactions made while away, paged by revision', async () => {
    const { t, bob, id, a } = await setup()
    const ids: number[] = []
    for (let i = 0; i < 5; i += 1) ids.push((await send(a, { message: `m${i}` })).id)
    const base = await t.request<MessageChanges>(`/api/chat/conversations/${id}/messages/changes/?since=0&${EXT}`, { token: bob.access })
    expect(base.body).toEqual({ messages: [], revision: 0, has_more: false })
    // bob is away (his sockets' frames are not read here): three changes, the first message twice.
    a.send({ type: 'edit_message', message_id: ids[0], message: 'm0 edited' })
    a.send({ type: 'delete_message', message_id: ids[3] })
    a.send({ type: 'react', message_id: ids[2], emoji: '😮', on: true })
    a.send({ type: 'edit_message', message_id: ids[0], message: 'm0 edited twice' })
    for (let i = 0; i < 4; i += 1) await a.next('message_updated')
    const url = (since: number) => `/api/chat/conversations/${id}/messages/changes/?since=${since}&limit=2&${EXT}`
    const page1 = (await t.request<MessageChanges>(url(0), { token: bob.access })).body
    expect(page1.messages.map((x) => x.id)).toEqual([ids[3], ids[2]])
    expect(page1.has_more).toBe(true)
    const page2 = (await t.request<MessageChanges>(url(page1.revision), { token: bob.access })).body
    expect(page2.messages.map((x) => x.content)).toEqual(['m0 edited twice'])
    expect(page2.has_more).toBe(false)
    expect(page2.revision).toBe(page2.messages[0]?.revision)
    expect(page1.messages[0]).toMatchObject({ deleted: true, content: '' })
    expect(page1.messages[1]?.reactions).toEqual([{ emoji: '😮', user_ids: [expect.any(Number)] }])
    // Bad input and strangers.
    for (const since of ['', 'abc', '-1', '1.5']) {
      const bad = await t.request(`/api/chat/conversations/${id}/messages/changes/?since=${since}`, { token: bob.access })
      expect(bad).toMatchObject({ status: 400, body: { since: ['A valid integer is required.'] } })
    }
    const carol = await t.addUser('carol')
    expect((await t.request(`/api/chat/conversations/${id}/messages/changes/?since=0`, { token: carol.access })).status).toBe(404)
  })

  it('around: the page around a message, 404 for another conversation, 400 for a bad id', async () => {
    const { t, bob, id, a } = await setup()
    const ids: number[] = []
    for (let i = 0; i < 12; i += 1) ids.push((await send(a, { message: `n${i}` })).id)
    const page = await history(t, id, bob, `around=${ids[6]}&limit=5`)
    expect(page.map((x) => x.id)).toEqual(ids.slice(4, 9))
    expect((await history(t, id, bob, `around=${ids[0]}&limit=5`)).map((x) => x.id)).toEqual(ids.slice(0, 5))
    expect((await history(t, id, bob, `around=${ids[11]}&limit=5`)).map((x) => x.id)).toEqual(ids.slice(9))
    expect(await history(t, id, bob, `around=${ids[6]}&before=${ids[2]}`)).toHaveLength(2) // with before: the seed page
    const carol = await t.addUser('carol')
    const other = await t.conversation(bob, carol)
    const c = await t.connect(other, carol)
    const foreign = await send(c, { message: 'x' })
    expect((await t.request(`/api/chat/conversations/${id}/messages/?around=${foreign.id}`, { token: bob.access })))
      .toMatchObject({ status: 404, body: { detail: 'Not found.' } })
    expect((await t.request(`/api/chat/conversations/${id}/messages/?around=x`, { token: bob.access })))
      .toMatchObject({ status: 400, body: { around: ['A valid integer is required.'] } })
  })
})

describe('list socket and fan-out', () => {
  it('serializes conversation_updated per declared ext on the list socket', async () => {
    const { t, bob, a } = await setup()
    const extList = await t.connectList(bob, EXT)
    const seedList = await t.connectList(bob)
    const m = await send(a, { message: 'to both lists' })
    const withExt = await extList.next<{ message: Frame }>('conversation_updated')
    const plain = await seedList.next<{ message: Frame }>('conversation_updated')
    expect(withExt.message).toMatchObject({ id: m.id, revision: 0, reactions: [] })
    expect(keysOf(plain.message)).toEqual(SEED_KEYS)
  })
})
