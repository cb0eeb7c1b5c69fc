// Main's side of the chat extensions, through the IPC handlers against the real server:
// the history cache follows edits and deletions, offline search runs over the cache and
// says so, a mention notifies even in a muted conversation, replies and the page around a
// message pass through.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { HistoryPage, OutboxItem, SearchResults } from '../../src-shared/ipc/contract'
import type { Message } from '../../src-shared/protocol/types'
import { value } from './support/session'
import { receivedBy, startTwoUsers, type TwoUsers } from './support/two-users'
import { waitUntil } from './support/wait'

let world: TwoUsers
let conversationId: number

beforeEach(async () => {
  world = await startTwoUsers({ backoffBaseMs: 50, backoffCapMs: 400 })
  conversationId = world.conversationId
  value(await world.bobMain.invoke('conversation:view', conversationId))
})

afterEach(async () => {
  await world.close()
})

const cached = async (): Promise<Message[]> => value<Message[]>(await world.adaMain.invoke('messages:cached', conversationId))

it('the cache follows edits and deletions of the messages it holds', async () => {
  await world.adaOpens()
  const first = await world.bobSays('frist')
  const second = await world.bobSays('to delete')
  value<OutboxItem>(await world.bobMain.invoke('messages:edit', conversationId, first.id, 'first'))
  value<OutboxItem>(await world.bobMain.invoke('messages:delete', conversationId, second.id))
  await waitUntil(async () => (await cached()).find((m) => m.id === second.id)?.deleted === true, 'the deletion in the cache')
  expect((await cached()).find((m) => m.id === first.id)).toMatchObject({ content: 'first', edited_at: expect.any(String) })
  expect(world.adaMain.events.filter((e) => e.event === 'message-updated').map((e) => (e.payload as Message).id)).toEqual([first.id, second.id])
})

it('searches live, and offline over the cached messages, saying so', async () => {
  await world.adaOpens()
  await world.bobSays('Rendez-vous au café')
  await world.bobSays('nothing here')
  const live = value<SearchResults>(await world.adaMain.invoke('messages:search', { text: 'cafe' }))
  expect(live).toMatchObject({ live: true, hits: [{ conversationId, message: { content: 'Rendez-vous au café' } }] })

  await world.server.stop()
  try {
    const offline = value<SearchResults>(await world.adaMain.invoke('messages:search', { text: 'CAFÉ rendez', conversationId }))
    expect(offline).toMatchObject({ live: false, hasMore: false, hits: [{ conversationId, snippet: 'Rendez-vous au café' }] })
    const hit = offline.hits[0]!
    expect(hit.highlights.map(([start, end]) => hit.snippet.slice(start, end))).toEqual(['Rendez', 'café'])
  } finally {
    await world.server.start()
  }
})

it('a mention notifies even in a muted conversation; other messages there stay quiet', async () => {
  value(await world.adaMain.invoke('conversation:set-muted', conversationId, true))
  await world.bobSays('general chatter')
  await world.bobSays('@Ada look at this', { mentions: [world.ada.id] })
  expect(world.adaMain.surfaces.notifications().map((n) => n.body)).toEqual(['@Ada look at this'])
  expect(world.adaMain.surfaces.unread()).toBe(0)
})

it('sends a reply and opens the page around the original', async () => {
  await world.adaOpens()
  // Ada's socket for the conversation opens just now: a message may reach her live or in
  // the gap fill of that first open, which records without announcing. Either way it is
  // in her history.
  const inAdasHistory = async (text: string): Promise<Message | undefined> =>
    value<HistoryPage>(await world.adaMain.invoke('messages:history', conversationId)).messages.find((m) => m.content === text)
  value<OutboxItem>(await world.bobMain.invoke('messages:send-text', conversationId, 'the original'))
  let found: Message | undefined
  await waitUntil(async () => (found = await inAdasHistory('the original')) !== undefined, 'Ada to have "the original"')
  const original = found as Message
  for (let n = 0; n < 60; n += 1) value(await world.bobMain.invoke('messages:send-text', conversationId, `later ${n}`))
  await waitUntil(async () => (await inAdasHistory('later 59')) !== undefined, 'the later messages')
  const reply = value<OutboxItem>(await world.adaMain.invoke('messages:send-text', conversationId, 'answering', { replyTo: original.id }))
  expect(reply.replyTo).toBe(original.id)
  await waitUntil(() => receivedBy(world.adaMain, 'answering')?.reply_to?.id === original.id, 'the reply stored with its quote')

  const page = value<HistoryPage>(await world.adaMain.invoke('messages:around', conversationId, original.id))
  expect(page.messages.map((m) => m.id)).toContain(original.id)
  expect(page).toMatchObject({ live: true, hasNewer: true })
})
