// Two people, two windows: messages both ways, typing indicator that shows and expires,
// read receipts (✓✓), links opened through main, text never rendered as HTML.
import { test, expect } from './fixtures/desktop-bridge'
import { openConversation, openPeerWindow, screenshotBothThemes, signIn, watchPageHealth } from './support/renderer'

test('two people exchange messages with typing and read receipts', async ({ desktop, browser }) => {
  const { page, server } = desktop
  const health = await watchPageHealth(page)
  await page.reload()
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  const conversation = await server.admin.createConversation([ada.id, bob.id])
  const peer = await openPeerWindow(browser)
  try {
    await signIn(page, server, ada)
    await signIn(peer.page, server, bob)
    await openConversation(page, 'Bob Babbage')

    const adaMessages = page.getByRole('list', { name: 'Messages' })
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello Bob')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('')
    const hello = adaMessages.getByRole('listitem').filter({ hasText: 'Hello Bob' })
    await expect(hello.getByRole('img', { name: /^(Sent|Read)$/ })).toBeVisible()

    // Bob sees it arrive in his list, opens the conversation, and Ada's copy turns ✓✓.
    const bobRow = peer.page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Ada Lovelace/ })
    await expect(bobRow).toContainText('Hello Bob')
    await openConversation(peer.page, 'Ada Lovelace')
    await expect(peer.page.getByRole('list', { name: 'Messages' }).getByText('Hello Bob')).toBeVisible()
    await expect(hello.getByRole('img', { name: 'Read' })).toBeVisible()

    // Typing: shows while Bob types, goes when he sends; Shift+Enter makes a newline.
    const bobComposer = peer.page.getByRole('textbox', { name: 'Message' })
    await bobComposer.pressSequentially('Hi Ada')
    await expect(page.getByText('Bob Babbage is typing…')).toBeVisible()
    await screenshotBothThemes(page, 'conversation-typing')
    await bobComposer.press('Shift+Enter')
    await bobComposer.pressSequentially('second line')
    await expect(bobComposer).toHaveValue('Hi Ada\nsecond line')
    await peer.page.getByRole('button', { name: 'Send' }).click()
    await expect(page.getByText('Bob Babbage is typing…')).toBeHidden()
    await expect(adaMessages.getByText(/Hi Ada\s+second line/)).toBeVisible()
    await expect(page.getByRole('status').filter({ hasText: 'Bob Babbage: Hi Ada' })).toBeAttached()

    // A "typing" that is never followed by "stopped" expires on its own.
    await peer.main.invoke('conversation:typing', conversation.id, true)
    await expect(page.getByText('Bob Babbage is typing…')).toBeVisible()
    await expect(page.getByText('Bob Babbage is typing…')).toBeHidden({ timeout: 15_000 })

    // Text stays text; URLs become links that main opens after checking the scheme.
    await page.getByRole('textbox', { name: 'Message' }).fill('<b>not bold</b> see https://example.com/docs.')
    await page.getByRole('button', { name: 'Send' }).click()
    const bobMessages = peer.page.getByRole('list', { name: 'Messages' })
    await expect(bobMessages.getByText('<b>not bold</b>', { exact: false })).toBeVisible()
    await expect(bobMessages.locator('b')).toHaveCount(0)
    await bobMessages.getByRole('link', { name: 'https://example.com/docs' }).click()
    await expect.poll(() => peer.main.shell.external).toEqual(['https://example.com/docs'])

    await screenshotBothThemes(page, 'conversation')
    await screenshotBothThemes(peer.page, 'conversation-peer')
    await health.expectClean()
  } finally {
    await peer.close()
  }
})

test('group conversations name each sender', async ({ desktop, browser }) => {
  const { page, server } = desktop
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  const cy = await desktop.createUser({ fullName: 'Cy Young' })
  const group = await server.admin.createConversation([ada.id, bob.id, cy.id])
  const users = await server.admin.listUsers()
  const chat = server.running().chat
  await chat.postMessage({ conversationId: group.id, sender: users.find((u) => u.id === bob.id)!, content: 'Morning all' })
  await chat.postMessage({ conversationId: group.id, sender: users.find((u) => u.id === cy.id)!, content: 'Morning!' })
  await signIn(page, server, ada)
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Bob Babbage, Cy Young/ }).click()
  const messages = page.getByRole('list', { name: 'Messages' })
  await expect(messages.getByRole('listitem').filter({ hasText: 'Morning all' })).toContainText('Bob Babbage')
  await expect(messages.getByRole('listitem').filter({ hasText: 'Morning!' })).toContainText('Cy Young')
  await expect(messages.getByRole('listitem').filter({ hasText: 'Today' })).toBeVisible()

  // Two others typing at once.
  const bobWindow = await openPeerWindow(browser)
  const cyWindow = await openPeerWindow(browser)
  try {
    for (const [peer, person, others] of [[bobWindow, bob, /Ada Lovelace, Cy Young/], [cyWindow, cy, /Ada Lovelace, Bob Babbage/]] as const) {
      await signIn(peer.page, server, person)
      await peer.page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: others }).click()
    }
    await bobWindow.page.getByRole('textbox', { name: 'Message' }).pressSequentially('On my')
    await expect(page.getByText('Bob Babbage is typing…')).toBeVisible()
    await cyWindow.page.getByRole('textbox', { name: 'Message' }).pressSequentially('Same')
    await expect(page.getByText('2 people are typing…')).toBeVisible()
    await screenshotBothThemes(page, 'group')
  } finally {
    await bobWindow.close()
    await cyWindow.close()
  }
})
