// Main's side of the chat extensions, through the IPC handlers against the real server:
// the history cache follows edits and deletions, offline search runs over the cache and
// says so, a mention notifies even in a muted conversation, replies and the page around a
// message pass through.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { HistoryPage, OutboxItem, SearchResults } from '../../src-shared/ipc/contract'
import type { Message } from '../../src-shared/protocol/types'
import { startEmbeddedServer, type EmbeddedServer } from './support/embedded-server'
import { createUser, signIn, value, type TestUser } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './support/test-services'
import { waitUntil } from './support/wait'

const engineOptions = { backoffBaseMs: 50, backoffCapMs: 400 }

let server: EmbeddedServer
let dirs: string[]
let adaMain: TestMainProcess
let bobMain: TestMainProcess
let ada: TestUser
let bob: TestUser
let conversationId: number

beforeEach(async () => {
  server = await startEmbeddedServer()
  dirs = [await makeTempDir(), await makeTempDir()]
  adaMain = await startTestMainProcess({ dataDir: dirs[0]!, engineOptions })
  bobMain = await startTestMainProcess({ dataDir: dirs[1]!, engineOptions })
  ada = createUser(server, 'Ada')
  bob = createUser(server, 'Bob')
  conversationId = server.admin.createConversation([ada.id, bob.id]).id
  await signIn(adaMain, server, ada)
  await signIn(bobMain, server, bob)
  value(await adaMain.invoke('conversations:list'))
  value(await bobMain.invoke('conversation:view', conversationId))
})

afterEach(async () => {
  await adaMain.stop()
  await bobMain.stop()
  await server.close()
  for (const dir of dirs) await removeDir(dir)
})

const received = (main: TestMainProcess, text: string) => main.events.find((e) => e.event === 'message' && (e.payload as Message).content === text)?.payload as Message | undefined

async function bobSays(text: string, options?: { replyTo?: number; mentions?: number[] }): Promise<Message> {
  value<OutboxItem>(await bobMain.invoke('messages:send-text', conversationId, text, ...(options ? [options] : [])))
  await waitUntil(() => received(adaMain, text) !== undefined, `Ada to receive "${text}"`)
  return received(adaMain, text)!
}

const cached = async (): Promise<Message[]> => value<Message[]>(await adaMain.invoke('messages:cached', conversationId))

it('the cache follows edits and deletions of the messages it holds', async () => {
  value(await adaMain.invoke('conversation:view', conversationId))
  const first = await bobSays('frist')
  const second = await bobSays('to delete')
  value<OutboxItem>(await bobMain.invoke('messages:edit', conversationId, first.id, 'first'))
  value<OutboxItem>(await bobMain.invoke('messages:delete', conversationId, second.id))
  await waitUntil(async () => (await cached()).find((m) => m.id === second.id)?.deleted === true, 'the deletion in the cache')
  expect((await cached()).find((m) => m.id === first.id)).toMatchObject({ content: 'first', edited_at: expect.any(String) })
  expect(adaMain.events.filter((e) => e.event === 'message-updated').map((e) => (e.payload as Message).id)).toEqual([first.id, second.id])
})

it('searches live, and offline over the cached messages, saying so', async () => {
  value(await adaMain.invoke('conversation:view', conversationId))
  await bobSays('Rendez-vous au café')
  await bobSays('nothing here')
  const live = value<SearchResults>(await adaMain.invoke('messages:search', { text: 'cafe' }))
  expect(live).toMatchObject({ live: true, hits: [{ conversationId, message: { content: 'Rendez-vous au café' } }] })

  await server.stop()
  try {
    const offline = value<SearchResults>(await adaMain.invoke('messages:search', { text: 'CAFÉ rendez', conversationId }))
    expect(offline).toMatchObject({ live: false, hasMore: false, hits: [{ conversationId, snippet: 'Rendez-vous au café' }] })
    const hit = offline.hits[0]!
    expect(hit.highlights.map(([start, end]) => hit.snippet.slice(start, end))).toEqual(['Rendez', 'café'])
  } finally {
    await server.start()
  }
})

it('a mention notifies even in a muted conversation; other messages there stay quiet', async () => {
  value(await adaMain.invoke('conversation:set-muted', conversationId, true))
  await bobSays('general chatter')
  await bobSays('@Ada look at this', { mentions: [ada.id] })
  expect(adaMain.surfaces.notifications().map((n) => n.body)).toEqual(['@Ada look at this'])
  expect(adaMain.surfaces.unread()).toBe(0)
})

it('sends a reply and opens the page around the original', async () => {
  value(await adaMain.invoke('conversation:view', conversationId))
  const original = await bobSays('the original')
  for (let n = 0; n < 60; n += 1) value(await bobMain.invoke('messages:send-text', conversationId, `later ${n}`))
  await waitUntil(() => received(adaMain, 'later 59') !== undefined, 'the later messages')
  const reply = value<OutboxItem>(await adaMain.invoke('messages:send-text', conversationId, 'answering', { replyTo: original.id }))
  expect(reply.replyTo).toBe(original.id)
  await waitUntil(() => received(adaMain, 'answering')?.reply_to?.id === original.id, 'the reply stored with its quote')

  const page = value<HistoryPage>(await adaMain.invoke('messages:around', conversationId, original.id))
  expect(page.messages.map((m) => m.id)).toContain(original.id)
  expect(page).toMatchObject({ live: true, hasNewer: true })
})
