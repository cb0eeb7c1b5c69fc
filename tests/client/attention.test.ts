// What reaches the OS: a notification for a message in a conversation not on screen (or
// with the window unfocused), none for one being read or for your own, the unread total
// for tray and badge, and a click that asks the UI to open the conversation.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { OutboxItem } from '../../src-shared/ipc/contract'
import { startEmbeddedServer, type EmbeddedServer } from './support/embedded-server'
import { createUser, signIn, value, type TestUser } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './support/test-services'
import { waitUntil } from './support/wait'

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
  adaMain = await startTestMainProcess({ dataDir: dirs[0]! })
  bobMain = await startTestMainProcess({ dataDir: dirs[1]! })
  ada = createUser(server, 'Ada')
  bob = createUser(server, 'Bob')
  conversationId = server.admin.createConversation([ada.id, bob.id]).id
  await signIn(adaMain, server, ada)
  await signIn(bobMain, server, bob)
  value(await adaMain.invoke('conversations:list'))
})

afterEach(async () => {
  await adaMain.stop()
  await bobMain.stop()
  await server.close()
  for (const dir of dirs) await removeDir(dir)
})

async function bobSays(text: string): Promise<void> {
  value<OutboxItem>(await bobMain.invoke('messages:send-text', conversationId, text))
  await waitUntil(() => adaMain.events.some((e) => e.event === 'message' && (e.payload as { content: string }).content === text), `Ada to receive "${text}"`)
}

it('notifies for a conversation not on screen, counts it unread, and opens it on click', async () => {
  await bobSays('are you there?')
  expect(adaMain.surfaces.notifications()).toEqual([{ title: bob.fullName, body: 'are you there?', conversationId }])
  expect(adaMain.surfaces.unread()).toBe(1)
  // Bob's own message raises nothing on his side.
  expect(bobMain.surfaces.notifications()).toEqual([])

  adaMain.surfaces.click(0)
  expect(adaMain.events.at(-1)).toEqual({ event: 'open-conversation', payload: { conversationId } })

  value(await adaMain.invoke('conversation:view', conversationId))
  expect(adaMain.surfaces.unread()).toBe(0)
})

it('stays quiet while the conversation is on screen and focused, and speaks up when unfocused', async () => {
  value(await adaMain.invoke('conversation:view', conversationId))
  await bobSays('hello')
  expect(adaMain.surfaces.notifications()).toEqual([])
  expect(adaMain.surfaces.unread()).toBe(0)

  adaMain.ipc.setFocused(false)
  await bobSays('still there?')
  expect(adaMain.surfaces.notifications().map((n) => n.body)).toEqual(['still there?'])
})

it('respects the notifications setting but still counts unread', async () => {
  value(await adaMain.invoke('settings:set', { notifications: false }))
  await bobSays('quietly')
  expect(adaMain.surfaces.notifications()).toEqual([])
  expect(adaMain.surfaces.unread()).toBe(1)
})
