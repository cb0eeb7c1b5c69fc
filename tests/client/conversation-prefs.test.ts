// Mute and mark-unread: this device's choices, kept by the engine, stored per account in
// main's local database, and followed by the badge and notifications. They need no
// server extension, so they work with any server.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ConversationPrefs } from '../../src-shared/ipc/contract'
import { signIn, value } from './support/session'
import type { TestMainProcess } from './support/test-services'
import { startTwoUsers, type TwoUsers } from './support/two-users'

let world: TwoUsers
let conversationId: number

beforeEach(async () => {
  world = await startTwoUsers()
  conversationId = world.conversationId
})

afterEach(async () => {
  await world.close()
})

const prefsEvents = (main: TestMainProcess) => main.events.filter((e) => e.event === 'conversation-prefs').map((e) => e.payload as ConversationPrefs)

it('a muted conversation neither notifies nor counts in the badge; unmuted it does again', async () => {
  expect(value<ConversationPrefs>(await world.adaMain.invoke('conversation:set-muted', conversationId, true))).toEqual({ conversationId, muted: true, markedUnread: false })
  expect(prefsEvents(world.adaMain).at(-1)).toEqual({ conversationId, muted: true, markedUnread: false })
  await world.bobSays('you will not hear this')
  expect(world.adaMain.surfaces.notifications()).toEqual([])
  expect(world.adaMain.surfaces.unread()).toBe(0)

  value(await world.adaMain.invoke('conversation:set-muted', conversationId, false))
  expect(world.adaMain.surfaces.unread()).toBe(1) // the unread message counts again
  await world.bobSays('now you do')
  expect(world.adaMain.surfaces.notifications().map((n) => n.body)).toEqual(['now you do'])
})

it('marked unread counts one in the badge until the conversation is opened', async () => {
  expect(world.adaMain.surfaces.unread()).toBe(0)
  value(await world.adaMain.invoke('conversation:set-unread', conversationId, true))
  expect(world.adaMain.surfaces.unread()).toBe(1)
  expect(value<ConversationPrefs[]>(await world.adaMain.invoke('conversation:prefs'))).toEqual([{ conversationId, muted: false, markedUnread: true }])

  value(await world.adaMain.invoke('conversation:view', conversationId))
  expect(prefsEvents(world.adaMain).at(-1)).toEqual({ conversationId, muted: false, markedUnread: false })
  expect(world.adaMain.surfaces.unread()).toBe(0)
  expect(value<ConversationPrefs[]>(await world.adaMain.invoke('conversation:prefs'))).toEqual([])
})

it('keeps the choices across an app restart, per account', async () => {
  value(await world.adaMain.invoke('conversation:set-muted', conversationId, true))
  value(await world.adaMain.invoke('conversation:set-unread', conversationId, true))
  await world.restartAda()
  expect(value<ConversationPrefs[]>(await world.adaMain.invoke('conversation:prefs'))).toEqual([{ conversationId, muted: true, markedUnread: true }])
  // Bob's device knows nothing of Ada's choices.
  expect(value<ConversationPrefs[]>(await world.bobMain.invoke('conversation:prefs'))).toEqual([])
  // Muted and marked unread: counted once, as marked.
  value(await world.adaMain.invoke('conversations:list'))
  expect(world.adaMain.surfaces.unread()).toBe(1)

  // Signing out forgets them with the rest of the account's data.
  value(await world.adaMain.invoke('session:sign-out'))
  await signIn(world.adaMain, world.server, world.ada)
  expect(value<ConversationPrefs[]>(await world.adaMain.invoke('conversation:prefs'))).toEqual([])
})
