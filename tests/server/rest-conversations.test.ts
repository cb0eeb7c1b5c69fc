// Part B conversation endpoints: create (201 / 200 for an existing 1:1), list, detail,
// history pagination and mark_read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Conversation, Message } from '../../src-shared/protocol/types'
import { keysOf, startTestServer, stopAllTestServers, type TestServer, type TestUser } from './helpers'

const CONVERSATION_KEYS = ['created_at', 'id', 'last_message_at', 'last_message_preview', 'last_message_sender_id',
  'other_user', 'participants', 'title', 'unread_count']

let t: TestServer
let ada: TestUser
let bob: TestUser
let cat: TestUser

beforeEach(async () => {
  t = await startTestServer()
  ada = await t.addUser('ada')
  bob = await t.addUser('bob')
  cat = await t.addUser('cat')
})
afterEach(stopAllTestServers)

const create = (as: TestUser, ids: unknown) =>
  t.request<Conversation>('/api/chat/conversations/', { method: 'POST', token: as.access, body: { participant_ids: ids } })

describe('create', () => {
  it('answers 201 for a new 1:1 and 200 with the same conversation after, from either side', async () => {
    const first = await create(ada, [bob.user.id])
    expect(first.status).toBe(201)
    expect(keysOf(first.body)).toEqual(CONVERSATION_KEYS)
    expect(first.body).toMatchObject({
      participants: [ada.user, bob.user], other_user: bob.user, title: '', last_message_at: null,
      last_message_preview: '', last_message_sender_id: null, unread_count: 0,
    })
    const again = await create(bob, [ada.user.id, bob.user.id])
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    expect(again.body.other_user).toEqual(ada.user)
  })

  it('creates group conversations (other_user null) every time', async () => {
    const group = await create(ada, [bob.user.id, cat.user.id])
    expect(group.status).toBe(201)
    expect(group.body.other_user).toBeNull()
    expect(group.body.participants).toEqual([ada.user, bob.user, cat.user])
    expect((await create(ada, [bob.user.id, cat.user.id])).status).toBe(201)
  })

  it('answers 400 {"participant_ids": [...]} for bad lists', async () => {
    for (const ids of [undefined, 'x', [], [ada.user.id], [999], ['1'], [-1]]) {
      const res = await create(ada, ids)
      expect(res.status, JSON.stringify(ids)).toBe(400)
      expect(keysOf(res.body)).toEqual(['participant_ids'])
    }
  })
})

describe('list and detail', () => {
  it('lists the caller\'s conversations by most recent activity, with previews and unread counts', async () => {
    const withBob = (await create(ada, [bob.user.id])).body.id
    const withCat = (await create(ada, [cat.user.id])).body.id
    const b = await t.connect(withBob, bob)
    b.send({ type: 'chat_message', message: 'x'.repeat(150) })
    await b.next('message')
    const list = await t.request<Conversation[]>('/api/chat/conversations/', { token: ada.access })
    expect(list.body.map((c) => c.id)).toEqual([withBob, withCat])
    expect(list.body[0]).toMatchObject({ unread_count: 1, last_message_sender_id: bob.user.id, last_message_preview: `${'x'.repeat(100)}…` })
    const bobs = await t.request<Conversation[]>('/api/chat/conversations/', { token: bob.access })
    expect(bobs.body.map((c) => [c.id, c.unread_count])).toEqual([[withBob, 0]])
    const c = await t.connect(withCat, cat)
    c.send({ type: 'file_message', filename: 'document.pdf', file: 'JVBERi0xLjQK' })
    await c.next('message')
    const after = await t.request<Conversation[]>('/api/chat/conversations/', { token: ada.access })
    expect(after.body.map((x) => x.id)).toEqual([withCat, withBob])
    expect(after.body[0]?.last_message_preview).toBe('📎 document.pdf')
  })

  it('answers a conversation to participants and 404 {"detail": "Not found."} to others', async () => {
    const id = (await create(ada, [bob.user.id])).body.id
    expect((await t.request<Conversation>(`/api/chat/conversations/${id}/`, { token: bob.access })).body.id).toBe(id)
    for (const [path, who] of [[`/api/chat/conversations/${id}/`, cat], ['/api/chat/conversations/999/', ada], ['/api/chat/conversations/x/', ada],
      [`/api/chat/conversations/${id}/messages/`, cat], [`/api/chat/conversations/${id}/mark_read/`, cat]] as const) {
      const res = await t.request(path, { token: who.access, method: path.endsWith('mark_read/') ? 'POST' : 'GET' })
      expect(res, path).toMatchObject({ status: 404, body: { detail: 'Not found.' } })
    }
  })
})

describe('history', () => {
  it('pages oldest-first: the newest `limit` messages older than `before`', async () => {
    const id = (await create(ada, [bob.user.id])).body.id
    const a = await t.connect(id, ada)
    for (let i = 1; i <= 7; i += 1) a.send({ type: 'chat_message', message: `m${i}` })
    for (let i = 1; i <= 7; i += 1) await a.next('message')
    const page = async (query: string) =>
      (await t.request<Message[]>(`/api/chat/conversations/${id}/messages/${query}`, { token: bob.access })).body.map((m) => m.content)
    expect(await page('')).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'])
    expect(await page('?limit=3')).toEqual(['m5', 'm6', 'm7'])
    const all = (await t.request<Message[]>(`/api/chat/conversations/${id}/messages/`, { token: bob.access })).body
    expect(await page(`?limit=3&before=${all[4]?.id}`)).toEqual(['m2', 'm3', 'm4'])
    expect(await page(`?before=${all[1]?.id}`)).toEqual(['m1'])
    expect(await page(`?before=${all[0]?.id}`)).toEqual([])
    expect(await page('?limit=100000')).toHaveLength(7)
    const bad = await t.request(`/api/chat/conversations/${id}/messages/?limit=abc`, { token: bob.access })
    expect(bad).toMatchObject({ status: 400, body: { limit: ['A valid integer is required.'] } })
  })

  it('caps limit at 500', async () => {
    const id = (await create(ada, [bob.user.id])).body.id
    for (let i = 0; i < 520; i += 1) await t.server.chat.postMessage({ conversationId: id, sender: ada.user, content: `n${i}` })
    const res = await t.request<Message[]>(`/api/chat/conversations/${id}/messages/?limit=999`, { token: ada.access })
    expect(res.body).toHaveLength(500)
    expect(res.body[499]?.content).toBe('n519')
  })
})

describe('mark_read over REST', () => {
  it('answers {"marked": n}, marks only the other side\'s messages and sends read_receipt to the others', async () => {
    const id = (await create(ada, [bob.user.id])).body.id
    const a = await t.connect(id, ada)
    const b = await t.connect(id, bob)
    a.send({ type: 'chat_message', message: 'one' })
    a.send({ type: 'chat_message', message: 'two' })
    await b.next('message')
    await b.next('message')
    const res = await t.request(`/api/chat/conversations/${id}/mark_read/`, { method: 'POST', token: bob.access })
    expect(res).toMatchObject({ status: 200, body: { marked: 2 } })
    expect(keysOf(res.body)).toEqual(['marked'])
    expect(await a.next('read_receipt')).toEqual({ type: 'read_receipt', user_id: bob.user.id })
    const again = await t.request(`/api/chat/conversations/${id}/mark_read/`, { method: 'POST', token: bob.access })
    expect(again.body).toEqual({ marked: 0 })
    const list = await t.request<Conversation[]>('/api/chat/conversations/', { token: bob.access })
    expect(list.body[0]?.unread_count).toBe(0)
    // The reader gets no receipt of its own: the next frame on its socket is a later message.
    b.send({ type: 'chat_message', message: 'marker' })
    expect((await b.next()).content).toBe('marker')
  })
})
