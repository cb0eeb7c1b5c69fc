// What reaches the OS: a notification for a message in a conversation not on screen (or
// with the window unfocused), none for one being read or for your own, the unread total
// for tray and badge, and a click that asks the UI to open the conversation.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { startTwoUsers, type TwoUsers } from './support/two-users'
import { value } from './support/session'

let world: TwoUsers

beforeEach(async () => {
  world = await startTwoUsers()
})

afterEach(async () => {
  await world.close()
})

it('notifies for a conversation not on screen, counts it unread, and opens it on click', async () => {
  await world.bobSays('are you there?')
  expect(world.adaMain.surfaces.notifications()).toEqual([{ title: world.bob.fullName, body: 'are you there?', conversationId: world.conversationId }])
  expect(world.adaMain.surfaces.unread()).toBe(1)
  // Bob's own message raises nothing on his side.
  expect(world.bobMain.surfaces.notifications()).toEqual([])

  world.adaMain.surfaces.click(0)
  expect(world.adaMain.events.at(-1)).toEqual({ event: 'open-conversation', payload: { conversationId: world.conversationId } })

  value(await world.adaMain.invoke('conversation:view', world.conversationId))
  expect(world.adaMain.surfaces.unread()).toBe(0)
})

it('stays quiet while the conversation is on screen and focused, and speaks up when unfocused', async () => {
  await world.adaOpens()
  await world.bobSays('hello')
  expect(world.adaMain.surfaces.notifications()).toEqual([])
  expect(world.adaMain.surfaces.unread()).toBe(0)

  world.adaMain.ipc.setFocused(false)
  await world.bobSays('still there?')
  expect(world.adaMain.surfaces.notifications().map((n) => n.body)).toEqual(['still there?'])
})

it('respects the notifications setting but still counts unread', async () => {
  value(await world.adaMain.invoke('settings:set', { notifications: false }))
  await world.bobSays('quietly')
  expect(world.adaMain.surfaces.notifications()).toEqual([])
  expect(world.adaMain.surfaces.unread()).toBe(1)
})
