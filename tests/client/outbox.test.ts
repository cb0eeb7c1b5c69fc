// The outbox across an outage AND a restart of the client process: messages typed while the
// server is down are kept on disk, and once it returns every one is delivered exactly once,
// in the order typed.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { OutboxItem } from '../../src-shared/ipc/contract'
import { startEmbeddedServer, type EmbeddedServer } from './support/embedded-server'
import { createUser, serverMessages, signIn, value } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './support/test-services'
import { waitUntil } from './support/wait'

// Quick reconnects so the test does not sit in backoff; behaviour is the same.
const engineOptions = { backoffBaseMs: 50, backoffCapMs: 400 }

let server: EmbeddedServer
let dataDir: string
let main: TestMainProcess | null = null

beforeEach(async () => {
  server = await startEmbeddedServer()
  dataDir = await makeTempDir()
})

afterEach(async () => {
  await main?.stop()
  main = null
  await server.close()
  await removeDir(dataDir)
})

it('delivers 100 messages queued offline exactly once and in order after a client restart', async () => {
  const ada = await createUser(server, 'Ada')
  const bob = await createUser(server, 'Bob')
  const conversation = await server.admin.createConversation([ada.id, bob.id])
  main = await startTestMainProcess({ dataDir, engineOptions })
  await signIn(main, server, ada)

  await server.stop()
  const texts = Array.from({ length: 100 }, (_, i) => `offline message ${String(i + 1).padStart(3, '0')}`)
  for (const text of texts) {
    const item = value<OutboxItem>(await main.invoke('messages:send-text', conversation.id, text))
    expect(item.state).toBe('queued')
  }
  expect(value<OutboxItem[]>(await main.invoke('outbox:list', conversation.id))).toHaveLength(100)

  // The app quits and starts again while the server is still down.
  await main.stop()
  main = await startTestMainProcess({ dataDir, engineOptions })
  expect(value<OutboxItem[]>(await main.invoke('outbox:list', conversation.id))).toHaveLength(100)

  await server.start()
  value(await main.invoke('connection:retry-now'))
  const current = main
  await waitUntil(async () => value<OutboxItem[]>(await current.invoke('outbox:list', conversation.id)).length === 0, 'the outbox to drain', 60_000)

  const stored = await serverMessages(server, bob, conversation.id)
  expect(stored.map((m) => m.content)).toEqual(texts)
  expect(stored.every((m) => m.sender.id === ada.id)).toBe(true)
})

it('shows cached history, marked not live, while the server is unreachable', async () => {
  const ada = await createUser(server, 'Ada')
  const bob = await createUser(server, 'Bob')
  const conversation = await server.admin.createConversation([ada.id, bob.id])
  main = await startTestMainProcess({ dataDir, engineOptions })
  await signIn(main, server, ada)
  value(await main.invoke('messages:send-text', conversation.id, 'before the outage'))
  const current = main
  await waitUntil(async () => value<OutboxItem[]>(await current.invoke('outbox:list', conversation.id)).length === 0, 'the message to be sent')
  value(await main.invoke('messages:history', conversation.id))
  value(await main.invoke('conversations:list'))

  await server.stop()
  await main.stop()
  main = await startTestMainProcess({ dataDir, engineOptions })
  const list = value<{ conversations: { id: number }[]; live: boolean }>(await main.invoke('conversations:list'))
  expect(list.live).toBe(false)
  expect(list.conversations.map((c) => c.id)).toEqual([conversation.id])
  const page = value<{ messages: { content: string }[]; live: boolean }>(await main.invoke('messages:history', conversation.id))
  expect(page.live).toBe(false)
  expect(page.messages.map((m) => m.content)).toEqual(['before the outage'])
})
