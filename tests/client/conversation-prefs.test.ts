// Mute and mark-unread: this device's choices, kept by the engine, stored per account in
// main's local database, and followed by the badge and notifications. They need no
// server extension, so they work with any server.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ConversationPrefs, OutboxItem } from '../../src-shared/ipc/contract'
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

async function bobSays(text: string, mentions?: number[]): Promise<void> {
  value<OutboxItem>(await bobMain.invoke('messages:send-text', conversationId, text, ...(mentions ? [{ mentions }] : [])))
  await waitUntil(() => adaMain.events.some((e) => e.event === 'message' && (e.payload as { content: string }).content === text), `Ada to receive "${text}"`)
}

const prefsEvents = (main: TestMainProcess) => main.events.filter((e) => e.event === 'conversation-prefs').map((e) => e.payload as ConversationPrefs)

it('a muted conversation neither notifies nor counts in the badge; unmuted it does again', async () => {
  expect(value<ConversationPrefs>(await adaMain.invoke('conversation:set-muted', conversationId, true))).toEqual({ conversationId, muted: true, markedUnread: false })
  expect(prefsEvents(adaMain).at(-1)).toEqual({ conversationId, muted: true, markedUnread: false })
  await bobSays('you will not hear this')
  expect(adaMain.surfaces.notifications()).toEqual([])
  expect(adaMain.surfaces.unread()).toBe(0)

  value(await adaMain.invoke('conversation:set-muted', conversationId, false))
  expect(adaMain.surfaces.unread()).toBe(1) // the unread message counts again
  await bobSays('now you do')
  expect(adaMain.surfaces.notifications().map((n) => n.body)).toEqual(['now you do'])
})

it('marked unread counts one in the badge until the conversation is opened', async () => {
  expect(adaMain.surfaces.unread()).toBe(0)
  value(await adaMain.invoke('conversation:set-unread', conversationId, true))
  expect(adaMain.surfaces.unread()).toBe(1)
  expect(value<ConversationPrefs[]>(await adaMain.invoke('conversation:prefs'))).toEqual([{ conversationId, muted: false, markedUnread: true }])

  value(await adaMain.invoke('conversation:view', conversationId))
  expect(prefsEvents(adaMain).at(-1)).toEqual({ conversationId, muted: false, markedUnread: false })
  expect(adaMain.surfaces.unread()).toBe(0)
  expect(value<ConversationPrefs[]>(await adaMain.invoke('conversation:prefs'))).toEqual([])
})

it('keeps the choices across an app restart, per account', async () => {
  value(await adaMain.invoke('conversation:set-muted', conversationId, true))
  value(await adaMain.invoke('conversation:set-unread', conversationId, true))
  await adaMain.stop()
  adaMain = await startTestMainProcess({ dataDir: dirs[0]! })
  expect(value<ConversationPrefs[]>(await adaMain.invoke('conversation:prefs'))).toEqual([{ conversationId, muted: true, markedUnread: true }])
  // Bob's device knows nothing of Ada's choices.
  expect(value<ConversationPrefs[]>(await bobMain.invoke('conversation:prefs'))).toEqual([])
  // Muted and marked unread: counted once, as marked.
  value(await adaMain.invoke('conversations:list'))
  expect(adaMain.surfaces.unread()).toBe(1)

  // Signing out forgets them with the rest of the account's data.
  value(await adaMain.invoke('session:sign-out'))
  await signIn(adaMain, server, ada)
  expect(value<ConversationPrefs[]>(await adaMain.invoke('conversation:prefs'))).toEqual([])
})
