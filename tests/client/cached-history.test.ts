// 'messages:cached': the newest page of a conversation read from main's sealed cache, with no
// network, so an open can paint before the live page arrives. Real handlers, real server.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { HistoryPage } from '../../src-shared/ipc/contract'
import type { Message, User } from '../../src-shared/protocol/types'
import { startEmbeddedServer, type EmbeddedServer } from './support/embedded-server'
import { createUser, signIn, value } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './support/test-services'
import { waitUntil } from './support/wait'

let server: EmbeddedServer
let dataDir: string
let main: TestMainProcess
let conversationId: number
let bob: User

beforeAll(async () => {
  server = await startEmbeddedServer()
  dataDir = await makeTempDir()
  main = await startTestMainProcess({ dataDir })
  const ada = await createUser(server, 'Ada')
  const bobUser = await createUser(server, 'Bob')
  conversationId = (await server.admin.createConversation([ada.id, bobUser.id])).id
  bob = (await server.admin.listUsers()).find((user) => user.id === bobUser.id)!
  for (let n = 1; n <= 70; n += 1) await server.running().chat.postMessage({ conversationId, sender: bob, content: `Message ${n}` })
  await signIn(main, server, ada)
})

afterAll(async () => {
  await main.stop()
  await server.close()
  await removeDir(dataDir)
})

const cached = async (id: number): Promise<Message[]> => value<Message[]>(await main.invoke('messages:cached', id))

it('is empty for a conversation never fetched', async () => {
  expect(await cached(conversationId)).toEqual([])
})

it('serves the newest page the live fetch saw, oldest first, and keeps pushed messages', async () => {
  const page = value<HistoryPage>(await main.invoke('messages:history', conversationId))
  expect(page.live).toBe(true)
  expect((await cached(conversationId)).map((m) => m.id)).toEqual(page.messages.map((m) => m.id))
  expect((await cached(conversationId)).at(-1)?.content).toBe('Message 70')

  // Viewing opens the conversation's socket: a pushed message lands in the cache too.
  value(await main.invoke('conversation:view', conversationId))
  await server.running().chat.postMessage({ conversationId, sender: bob, content: 'Message 71' })
  await waitUntil(async () => (await cached(conversationId)).at(-1)?.content === 'Message 71', 'the pushed message in the cache')
  const after = await cached(conversationId)
  expect(after).toHaveLength(page.messages.length)
  expect(after.map((m) => m.id)).toEqual([...after.map((m) => m.id)].sort((a, b) => a - b))
})

it('answers from the cache while the server is down, without waiting on the network', async () => {
  await server.stop()
  try {
    const messages = await cached(conversationId)
    expect(messages.at(-1)?.content).toBe('Message 71')
    expect(messages).toHaveLength(50)
  } finally {
    await server.start()
  }
})
