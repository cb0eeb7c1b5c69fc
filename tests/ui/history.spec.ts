// History: a 10,000-message conversation opens at the newest message with a bounded DOM,
// older pages load as you scroll up, the view stays pinned at the bottom for new messages,
// and offers "New messages" when you are reading further up.
import type { Locator } from '@playwright/test'
import { test, expect } from './fixtures/desktop-bridge'
import { openConversation, screenshotBothThemes, signIn, watchPageHealth } from './support/renderer'

const TOTAL = 10_000

/** Numbers of the "Message N" rows currently in the DOM. */
async function renderedNumbers(list: Locator): Promise<number[]> {
  const texts = await list.getByRole('listitem').allInnerTexts()
  return texts.flatMap((text) => /Message (\d+)\b/.exec(text)?.[1] ?? []).map(Number)
}

test('10,000 messages: bounded DOM, history on scroll up, pinned bottom and New messages', async ({ desktop }) => {
  test.setTimeout(180_000)
  const { page, server } = desktop
  const health = await watchPageHealth(page)
  await page.reload()
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  const conversation = server.admin.createConversation([ada.id, bob.id])
  const users = server.admin.listUsers()
  const senders = [users.find((u) => u.id === ada.id)!, users.find((u) => u.id === bob.id)!]
  const chat = server.running().chat
  for (let start = 1; start <= TOTAL; start += 500) {
    await Promise.all(Array.from({ length: Math.min(500, TOTAL - start + 1) }, (_, i) => {
      const n = start + i
      const long = n % 7 === 0 ? ' — a longer line that wraps onto a second row when the window is narrow enough to need it' : ''
      return chat.postMessage({ conversationId: conversation.id, sender: senders[n % 2]!, content: `Message ${n}${long}` })
    }))
  }

  await signIn(page, server, ada)
  await openConversation(page, 'Bob Babbage')
  const list = page.getByRole('list', { name: 'Messages' })
  const scroller = page.getByRole('region', { name: 'Message history' })
  await expect(list.getByText(`Message ${TOTAL}`, { exact: true })).toBeInViewport()
  expect(await list.getByRole('listitem').count()).toBeLessThan(60)
  await screenshotBothThemes(page, 'history-bottom')

  // Scroll up page after page: older messages arrive, the DOM stays bounded.
  let oldestSeen = Math.min(...(await renderedNumbers(list)))
  for (let step = 0; step < 8; step += 1) {
    await scroller.evaluate((element) => { element.scrollTop = 0 })
    await expect.poll(async () => Math.min(...(await renderedNumbers(list)))).toBeLessThan(oldestSeen)
    oldestSeen = Math.min(...(await renderedNumbers(list)))
    expect(await list.getByRole('listitem').count()).toBeLessThan(60)
  }
  expect(oldestSeen).toBeLessThan(TOTAL - 300)
  // Reading position is kept while pages are added above: the rows shown are contiguous.
  const shown = (await renderedNumbers(list)).sort((a, b) => a - b)
  expect(shown[shown.length - 1]! - shown[0]!).toBe(shown.length - 1)
  await screenshotBothThemes(page, 'history-scrolled')

  // A new message while reading history: not scrolled into view, announced by the button.
  await chat.postMessage({ conversationId: conversation.id, sender: senders[1]!, content: 'Fresh news' })
  const jump = page.getByRole('button', { name: 'New messages' })
  await expect(jump).toBeVisible()
  await jump.click()
  await expect(list.getByText('Fresh news')).toBeInViewport()
  await expect(page.getByRole('button', { name: /New messages|Jump to latest/ })).toBeHidden()

  // At the bottom, the view stays pinned as messages arrive.
  for (const text of ['One more', 'And another']) {
    await chat.postMessage({ conversationId: conversation.id, sender: senders[1]!, content: text })
    await expect(list.getByText(text)).toBeInViewport()
  }
  expect(await list.getByRole('listitem').count()).toBeLessThan(60)
  await health.expectClean()
})
