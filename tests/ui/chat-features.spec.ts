// The chat extensions as two people use them, over two windows on one real server: an edit
// and a deletion seen by the other, a reply that jumps to its original, reactions toggled
// with who reacted, a mention highlighted for the person named, search from both shortcuts
// opening a message far back in history (and offline, over the saved messages), mute and mark unread, an edit the server refuses,
// and a seed-only server on which none of the extension controls appear.
import type { Locator, Page } from '@playwright/test'
import type { User } from '../../src-shared/protocol/types'
import { test, expect, type DesktopApp } from './fixtures/desktop-bridge'
import { adaAndBob, openConversation, screenshotBothThemes, signIn, watchPageHealth } from './support/renderer'

const messagesOf = (page: Page) => page.getByRole('list', { name: 'Messages' })
const rowWith = (page: Page, text: string) => messagesOf(page).getByRole('listitem').filter({ hasText: text })
const composerOf = (page: Page) => page.getByRole('textbox', { name: 'Message' })

async function send(page: Page, text: string): Promise<void> {
  await composerOf(page).fill(text)
  await composerOf(page).press('Enter')
  await expect(rowWith(page, text).getByRole('img', { name: /^(Sent|Read)$/ })).toBeVisible()
}

/** Hovers a message (its actions show on hover) and clicks one of them. */
async function act(row: Locator, action: 'Reply' | 'React' | 'Edit' | 'Delete'): Promise<void> {
  await row.hover()
  await row.getByRole('button', { name: action, exact: true }).click()
}

test('edit, delete, reply, reactions and mentions, live in two windows', async ({ desktop, browser }) => {
  test.setTimeout(240_000)
  const { page } = desktop
  const health = await watchPageHealth(page)
  const peer = await adaAndBob(desktop, browser, 'Bob Babbage')
  const bobPage = peer.page
  try {
    await send(page, 'Lunch at the café?')
    await send(page, 'Or maybe dinner')
    await expect(rowWith(bobPage, 'Or maybe dinner')).toBeVisible()

    // Bob reacts from the picker; Ada sees who, adds hers by clicking the chip, takes it back.
    await act(rowWith(bobPage, 'Lunch at the café?'), 'React')
    const picker = bobPage.getByRole('dialog', { name: 'Add a reaction' })
    await expect(picker.getByRole('button', { name: '👍', exact: true })).toBeFocused()
    await screenshotBothThemes(bobPage, 'chat-reaction-picker')
    // Keyboard: right arrow moves to the next emoji, Enter picks it.
    await bobPage.keyboard.press('ArrowRight')
    await expect(picker.getByRole('button', { name: '❤️', exact: true })).toBeFocused()
    await bobPage.keyboard.press('Enter')
    await expect(picker).toBeHidden()
    const adaLunch = rowWith(page, 'Lunch at the café?')
    const heart = adaLunch.getByRole('group', { name: 'Reactions' }).getByRole('button', { name: /^❤️/ })
    await expect(heart).toHaveAccessibleName('❤️ 1: Bob Babbage')
    await expect(heart).toHaveAttribute('aria-pressed', 'false')
    await heart.click()
    await expect(heart).toHaveAccessibleName('❤️ 2: Bob Babbage and you')
    await expect(heart).toHaveAttribute('aria-pressed', 'true')
    await expect(rowWith(bobPage, 'Lunch at the café?').getByRole('button', { name: /^❤️/ })).toHaveAccessibleName('❤️ 2: Ada Lovelace and you')
    await heart.click()
    await expect(heart).toHaveAccessibleName('❤️ 1: Bob Babbage')
    // Once the server has them, the actions leave the outbox: nothing pending shows.
    await expect(adaLunch.getByText(/^(Adding|Removing) /)).toHaveCount(0)

    // Bob replies to the lunch message; Ada sees the quote and jumps to the original with it.
    await act(rowWith(bobPage, 'Lunch at the café?'), 'Reply')
    await expect(bobPage.getByText('Replying to Ada Lovelace')).toBeVisible()
    await expect(composerOf(bobPage)).toBeFocused()
    await screenshotBothThemes(bobPage, 'chat-reply-bar')
    await send(bobPage, 'Yes, at noon')
    await expect(bobPage.getByText('Replying to Ada Lovelace')).toBeHidden()
    const replyRow = rowWith(page, 'Yes, at noon')
    const quote = replyRow.getByRole('button', { name: /In reply to Ada Lovelace/ })
    await expect(quote).toContainText('Lunch at the café?')
    await quote.click()
    await expect(messagesOf(page).locator('.message.is-focused')).toContainText('Lunch at the café?')
    // Everything fits on screen: the view is still at the end, with nothing to jump to.
    await expect(page.getByRole('button', { name: /New messages|Jump to latest/ })).toBeHidden()

    // Ada edits her last message with Up in the empty box; Bob sees the new text, marked edited.
    await composerOf(page).focus()
    await composerOf(page).press('ArrowUp')
    const editBox = page.getByRole('textbox', { name: 'Edit message' })
    await expect(editBox).toBeFocused()
    await expect(editBox).toHaveValue('Or maybe dinner')
    await screenshotBothThemes(page, 'chat-edit-in-place')
    // Esc cancels without a change; Edit again and Enter saves.
    await editBox.press('Escape')
    await expect(editBox).toBeHidden()
    await act(rowWith(page, 'Or maybe dinner'), 'Edit')
    await editBox.fill('Or maybe dinner at eight')
    await editBox.press('Enter')
    await expect(composerOf(page)).toBeFocused()
    const bobDinner = rowWith(bobPage, 'Or maybe dinner at eight')
    await expect(bobDinner).toBeVisible()
    await expect(bobDinner.getByText('edited', { exact: true })).toBeVisible()
    await expect(rowWith(page, 'Or maybe dinner at eight').getByText('edited', { exact: true })).toBeVisible()
    await expect(rowWith(page, 'Or maybe dinner at eight').getByText('Saving…')).toHaveCount(0)
    // Edit and Delete are only on one's own messages.
    await rowWith(bobPage, 'Or maybe dinner at eight').hover()
    await expect(bobDinner.getByRole('button', { name: 'Reply', exact: true })).toBeVisible()
    await expect(bobDinner.getByRole('button', { name: 'Edit', exact: true })).toHaveCount(0)
    await expect(bobDinner.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0)

    // Ada mentions Bob: "@" opens the people list, arrows and Enter choose, the send names him.
    await composerOf(page).pressSequentially('@Bo')
    const people = page.getByRole('listbox', { name: 'People to mention' })
    await expect(people.getByRole('option', { name: /Bob Babbage/ })).toHaveAttribute('aria-selected', 'true')
    await expect(composerOf(page)).toHaveAttribute('aria-activedescendant', /.+/)
    await screenshotBothThemes(page, 'chat-mention-list')
    await composerOf(page).press('Enter')
    await expect(people).toBeHidden()
    await expect(composerOf(page)).toHaveValue('@Bob Babbage ')
    await composerOf(page).pressSequentially('bring the map')
    await composerOf(page).press('Enter')
    const bobMention = rowWith(bobPage, 'bring the map').locator('.mention.is-me')
    await expect(bobMention).toHaveText('@Bob Babbage')
    await expect(rowWith(page, 'bring the map').locator('.mention')).toHaveText('@Bob Babbage')
    // Esc closes the list and leaves the text as typed.
    await composerOf(page).pressSequentially('@Bo')
    await expect(people).toBeVisible()
    await composerOf(page).press('Escape')
    await expect(people).toBeHidden()
    await expect(composerOf(page)).toHaveValue('@Bo')
    await composerOf(page).fill('')

    // Ada deletes the dinner message after confirming; Bob sees a placeholder without actions.
    await act(rowWith(page, 'Or maybe dinner at eight'), 'Delete')
    const confirm = page.getByRole('dialog', { name: 'Delete message' })
    await screenshotBothThemes(page, 'chat-delete-confirm')
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click()
    await expect(rowWith(bobPage, 'Or maybe dinner')).toHaveCount(0)
    const placeholder = messagesOf(bobPage).getByRole('listitem').filter({ hasText: 'Message deleted' })
    await expect(placeholder).toBeVisible()
    await placeholder.hover()
    await expect(placeholder.getByRole('button')).toHaveCount(0)

    // The message actions on hover, and both people's views of the whole exchange.
    await rowWith(page, 'Yes, at noon').hover()
    await screenshotBothThemes(page, 'chat-conversation-ada')
    await bobPage.mouse.move(0, 0)
    await screenshotBothThemes(bobPage, 'chat-conversation-bob')
    await health.expectClean()
  } finally {
    await peer.close()
  }
})

/** Ada signed in here, with a conversation with Bob and one with Cy. */
async function adaBobAndCy(desktop: DesktopApp) {
  const accounts = await Promise.all(['Ada Lovelace', 'Bob Babbage', 'Cy Young'].map((fullName) => desktop.createUser({ fullName })))
  const users = await desktop.server.admin.listUsers()
  const [ada, bob, cy] = accounts.map((account) => users.find((user) => user.id === account.id)!) as [User, User, User]
  const withBob = (await desktop.server.admin.createConversation([ada.id, bob.id])).id
  const withCy = (await desktop.server.admin.createConversation([ada.id, cy.id])).id
  await signIn(desktop.page, desktop.server, accounts[0]!)
  return { users: [ada, bob, cy] as const, withBob, withCy }
}

test('search from Ctrl+F and Ctrl+Shift+F opens a message far back in history', async ({ desktop }) => {
  test.setTimeout(240_000)
  const { page, server } = desktop
  const health = await watchPageHealth(page)
  const { users, withBob, withCy } = await adaBobAndCy(desktop)
  const [ada, bob, cy] = users
  const chat = server.running().chat
  await chat.postMessage({ conversationId: withBob, sender: bob, content: 'The secret word is pomegranate' })
  for (let n = 1; n <= 150; n += 1) await chat.postMessage({ conversationId: withBob, sender: n % 2 ? ada : bob, content: `Filler ${n}` })
  await chat.postMessage({ conversationId: withCy, sender: cy, content: 'Pomegranate pie for dessert' })
  await openConversation(page, 'Cy Young')
  await openConversation(page, 'Bob Babbage')
  await expect(rowWith(page, 'Filler 150')).toBeVisible()
  await expect(rowWith(page, 'The secret word')).toHaveCount(0)

  // Ctrl+F: this conversation only.
  await page.keyboard.press('Control+f')
  const searchbox = page.getByRole('searchbox', { name: 'Search messages' })
  await expect(searchbox).toBeFocused()
  await expect(page.getByText('In Bob Babbage')).toBeVisible()
  const results = page.getByRole('list', { name: 'Search results' })
  // Many matches come a page at a time: Load more adds the next, older ones.
  await searchbox.fill('filler')
  await expect(results.getByRole('listitem')).toHaveCount(20)
  await expect(results.getByRole('listitem').first()).toContainText('Filler 150')
  await page.getByRole('button', { name: 'Load more' }).click()
  await expect(results.getByRole('listitem')).toHaveCount(40)
  await expect(results.getByRole('listitem').last()).toContainText('Filler 111')
  await searchbox.fill('pomegr')
  await expect(results.getByRole('listitem')).toHaveCount(1)
  await expect(results.locator('mark')).toHaveText('pomegranate')
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('1 message found')
  await screenshotBothThemes(page, 'chat-search-conversation')

  // Choosing it loads the page around it and highlights it in view.
  await results.getByRole('button', { name: /Bob Babbage/ }).click()
  const secret = rowWith(page, 'The secret word is pomegranate')
  await expect(secret).toBeInViewport()
  await expect(secret.locator('.message')).toHaveClass(/is-focused/)

  // Ctrl+Shift+F: everywhere; each result names its conversation.
  await page.keyboard.press('Control+Shift+F')
  await expect(page.getByText('In all conversations')).toBeVisible()
  await expect(results.getByRole('listitem')).toHaveCount(2)
  await expect(results.getByRole('listitem').first()).toContainText('Cy Young')
  await expect(results.getByRole('listitem').first().locator('mark')).toHaveText('Pomegranate')
  await screenshotBothThemes(page, 'chat-search-everywhere')
  await results.getByRole('button', { name: /Pomegranate pie/ }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Cy Young' })).toBeVisible()
  await expect(rowWith(page, 'Pomegranate pie for dessert').locator('.message')).toHaveClass(/is-focused/)
  await expect(page.getByRole('button', { name: /New messages|Jump to latest/ })).toBeHidden()

  // Nothing found says so; Esc closes the panel.
  await searchbox.fill('zzyzx')
  await expect(page.getByText('No messages match “zzyzx”.')).toBeVisible()
  await searchbox.press('Escape')
  await expect(searchbox).toBeHidden()

  // With the server away the search runs over the messages saved here, and says so.
  await server.stop()
  await page.keyboard.press('Control+Shift+F')
  await searchbox.fill('pomegranate')
  await expect(page.getByText('Offline: this searched the messages saved on this device')).toBeVisible()
  await expect(results.getByRole('listitem').filter({ hasText: 'The secret word is pomegranate' })).toBeVisible()
  await screenshotBothThemes(page, 'chat-search-offline')
  // A narrow window lays the panel over the conversation instead of squeezing it.
  await page.setViewportSize({ width: 760, height: 640 })
  await expect(searchbox).toBeInViewport()
  await screenshotBothThemes(page, 'chat-search-narrow')
  await health.expectClean()
})

test('mute and mark unread show on the row; the badge follows', async ({ desktop }) => {
  test.setTimeout(180_000)
  const { page } = desktop
  await adaBobAndCy(desktop)
  await openConversation(page, 'Bob Babbage')
  const list = page.getByRole('navigation', { name: 'Conversations' })
  const bobRow = list.getByRole('button', { name: /Bob Babbage/ })
  const cyRow = list.getByRole('button', { name: /Cy Young/ })

  await page.getByRole('button', { name: 'Mute', exact: true }).click()
  await expect(bobRow.getByRole('img', { name: 'Muted' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible()

  await openConversation(page, 'Cy Young')
  await page.getByRole('button', { name: 'Mark as unread' }).click()
  await expect(page.getByText('Pick a conversation, or start a new one.')).toBeVisible()
  await expect(cyRow.getByRole('img', { name: 'Marked unread' })).toBeVisible()
  await expect.poll(async () => (await desktop.surfaceEvents()).findLast((e) => e.kind === 'unread')).toEqual({ kind: 'unread', total: 1 })
  await screenshotBothThemes(page, 'chat-muted-and-unread-rows')

  // Opening it again reads it; unmuting takes the icon away.
  await openConversation(page, 'Cy Young')
  await expect(cyRow.getByRole('img', { name: 'Marked unread' })).toBeHidden()
  await expect.poll(async () => (await desktop.surfaceEvents()).findLast((e) => e.kind === 'unread')).toEqual({ kind: 'unread', total: 0 })
  await openConversation(page, 'Bob Babbage')
  await page.getByRole('button', { name: 'Unmute', exact: true }).click()
  await expect(bobRow.getByRole('img', { name: 'Muted' })).toBeHidden()
})

test.describe('a server that accepts at most 40 characters', () => {
  test.use({ serverOptions: { limits: { maxMessageChars: 40 } } })

  test('an edit the server refuses says why, with Retry and Discard; offline, one waits and goes out later', async ({ desktop }) => {
    test.setTimeout(120_000)
    const { page } = desktop
    const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
    const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
    await desktop.server.admin.createConversation([ada.id, bob.id])
    await signIn(page, desktop.server, ada)
    await openConversation(page, 'Bob Babbage')
    await send(page, 'Short and sweet')
    await act(rowWith(page, 'Short and sweet'), 'Edit')
    const editBox = page.getByRole('textbox', { name: 'Edit message' })
    await editBox.fill('This edit is far too long for this small server to take')
    await editBox.press('Enter')
    const row = messagesOf(page).getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Discard' }) })
    await expect(row.getByRole('alert')).toHaveText(/^Edit not saved: .*too long/i)
    await expect(row.getByRole('button', { name: 'Retry' })).toBeVisible()
    await page.mouse.move(0, 0)
    await screenshotBothThemes(page, 'chat-edit-failed')
    await row.getByRole('button', { name: 'Discard' }).click()
    await expect(page.getByRole('button', { name: 'Discard' })).toHaveCount(0)
    await expect(rowWith(page, 'Short and sweet')).toBeVisible()
    await expect(rowWith(page, 'Short and sweet').getByText('edited', { exact: true })).toHaveCount(0)

    // Offline, an edit waits in the outbox on its message (its text shown already) and goes
    // out once the server is back.
    await desktop.server.stop()
    await act(rowWith(page, 'Short and sweet'), 'Edit')
    await editBox.fill('Short, sweet, offline')
    await editBox.press('Enter')
    const waiting = rowWith(page, 'Short, sweet, offline')
    await expect(waiting.getByRole('status')).toHaveText('Waiting for connection')
    await page.mouse.move(0, 0)
    await screenshotBothThemes(page, 'chat-edit-waiting')
    await desktop.server.start()
    await expect(waiting.getByText('edited', { exact: true })).toBeVisible({ timeout: 30_000 })
    await expect(waiting.getByRole('status')).toHaveCount(0)
  })
})

test.describe('a seed-only server', () => {
  test.use({ serverOptions: { seedOnly: true } })

  test('shows none of the extension controls; mute and mark unread still work', async ({ desktop }) => {
    test.setTimeout(120_000)
    const { page, server } = desktop
    const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
    const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
    const conversation = await server.admin.createConversation([ada.id, bob.id])
    const bobUser = (await server.admin.listUsers()).find((user) => user.id === bob.id)!
    await server.running().chat.postMessage({ conversationId: conversation.id, sender: bobUser, content: 'Hello from the seed' })
    await signIn(page, server, ada)
    await openConversation(page, 'Bob Babbage')
    await send(page, 'Hello back')

    for (const text of ['Hello from the seed', 'Hello back']) {
      await rowWith(page, text).hover()
      await expect(rowWith(page, text).getByRole('group', { name: 'Message actions' })).toHaveCount(0)
      await expect(rowWith(page, text).getByRole('button')).toHaveCount(0)
    }
    await expect(page.getByRole('button', { name: 'Search in this conversation' })).toHaveCount(0)
    await page.keyboard.press('Control+f')
    await page.keyboard.press('Control+Shift+F')
    await expect(page.getByRole('searchbox', { name: 'Search messages' })).toHaveCount(0)
    // Up in the empty box does not edit; "@" offers no one.
    await composerOf(page).press('ArrowUp')
    await expect(page.getByRole('textbox', { name: 'Edit message' })).toHaveCount(0)
    await composerOf(page).pressSequentially('@Bo')
    await expect(page.getByRole('listbox', { name: 'People to mention' })).toHaveCount(0)
    await composerOf(page).fill('')

    await page.getByRole('button', { name: 'Mute', exact: true }).click()
    const row = page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Bob Babbage/ })
    await expect(row.getByRole('img', { name: 'Muted' })).toBeVisible()
    await rowWith(page, 'Hello back').hover()
    await screenshotBothThemes(page, 'chat-seed-only')
  })
})
