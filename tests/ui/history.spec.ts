// History: a 10,000-message conversation opens at the newest message with a bounded DOM,
// older pages load as you scroll up, the view stays pinned at the bottom for new messages,
// and offers "New messages" when you are reading further up. Far up, past the messages
// held in memory, the newest pages are dropped and fetched again on the way back down.
import type { Locator, Page } from '@playwright/test'
import { test, expect } from './fixtures/desktop-bridge'
import { openConversation, screenshotBothThemes, signIn, watchPageHealth } from './support/renderer'

const TOTAL = 10_000

/**
 * Records the `before` id of every history page the page asks main for (undefined = the
 * latest page), by wrapping the fixture's invoke binding the bridge calls each time.
 */
async function recordHistoryRequests(page: Page): Promise<() => Promise<(number | null)[]>> {
  await page.evaluate(() => {
    type Invoke = (channel: string, args: unknown[]) => Promise<unknown>
    const w = window as unknown as { __parleyInvoke: Invoke; __historyRequests: (number | null)[] }
    const invoke = w.__parleyInvoke
    w.__historyRequests = []
    w.__parleyInvoke = (channel, args) => {
      if (channel === 'messages:history') w.__historyRequests.push(typeof args[1] === 'number' ? args[1] : null)
      return invoke(channel, args)
    }
  })
  return () => page.evaluate(() => (window as unknown as { __historyRequests: (number | null)[] }).__historyRequests.splice(0))
}

/** Numbers of the "Message N" rows currently in the DOM. */
async function renderedNumbers(list: Locator): Promise<number[]> {
  // The message text paragraphs only: a row's innerText can run into its time stamp.
  const texts = await list.getByRole('paragraph').allTextContents()
  return texts.flatMap((text) => /^Message (\d+)(?: —|$)/.exec(text)?.[1] ?? []).map(Number)
}

test('10,000 messages: bounded DOM, history on scroll up, pinned bottom and New messages', async ({ desktop }) => {
  test.setTimeout(180_000)
  const { page, server } = desktop
  const health = await watchPageHealth(page)
  await page.reload()
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  const conversation = await server.admin.createConversation([ada.id, bob.id])
  const users = await server.admin.listUsers()
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

  // Far up, past the 600 messages held in memory: the newest pages are dropped. Scrolling
  // back down fetches them again, page by page in order, then catches up to the latest.
  const historyRequests = await recordHistoryRequests(page)
  for (let step = 0; step < 16; step += 1) {
    await scroller.evaluate((element) => { element.scrollTop = 0 })
    await expect.poll(async () => Math.min(...(await renderedNumbers(list)))).toBeLessThan(oldestSeen)
    oldestSeen = Math.min(...(await renderedNumbers(list)))
  }
  expect(oldestSeen).toBeLessThan(TOTAL - 1000)
  const olderRequests = await historyRequests()
  expect(olderRequests.length).toBeGreaterThanOrEqual(16)
  expect(olderRequests).toEqual([...olderRequests].sort((a, b) => b! - a!))
  await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeVisible()
  await screenshotBothThemes(page, 'history-deep')

  let newestSeen = Math.max(...(await renderedNumbers(list)))
  for (let step = 0; step < 40 && (await list.getByText('And another').count()) === 0; step += 1) {
    await scroller.evaluate((element) => { element.scrollTop = element.scrollHeight })
    await expect.poll(async () => (await list.getByText('And another').count()) > 0 ||
      Math.max(...(await renderedNumbers(list))) > newestSeen).toBe(true)
    const rendered = (await renderedNumbers(list)).sort((a, b) => a - b)
    if (rendered.length > 1) expect(rendered[rendered.length - 1]! - rendered[0]!).toBe(rendered.length - 1)
    newestSeen = Math.max(newestSeen, ...rendered)
    expect(await list.getByRole('listitem').count()).toBeLessThan(60)
  }
  await scroller.evaluate((element) => { element.scrollTop = element.scrollHeight })
  await expect(list.getByText('And another')).toBeInViewport()
  await expect(page.getByRole('button', { name: /New messages|Jump to latest/ })).toBeHidden()
  // The dropped pages came back as increasing `before` ids, then the latest page (catch-up).
  const newerRequests = await historyRequests()
  const refetches = newerRequests.filter((before): before is number => before !== null)
  expect(refetches.length).toBeGreaterThanOrEqual(8)
  expect(refetches).toEqual([...refetches].sort((a, b) => a - b))
  expect(newerRequests.at(-1)).toBeNull()
  await health.expectClean()
})

// The reader's scroll is reported a frame later (the scroll event): a message arriving in
// between must not be taken for "still at the bottom" and pull the view back down.
test('scrolling up just before a message arrives keeps the reader where they went', async ({ desktop }) => {
  const { page, server } = desktop
  await page.reload()
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  const conversation = await server.admin.createConversation([ada.id, bob.id])
  const sender = (await server.admin.listUsers()).find((u) => u.id === bob.id)!
  const chat = server.running().chat
  for (let n = 1; n <= 40; n += 1) await chat.postMessage({ conversationId: conversation.id, sender, content: `Message ${n}` })

  await signIn(page, server, ada)
  await openConversation(page, 'Bob Babbage')
  const list = page.getByRole('list', { name: 'Messages' })
  await expect(list.getByText('Message 40', { exact: true })).toBeInViewport()

  // The next message event is delivered right after a scroll to the top, before its frame.
  await page.evaluate(() => {
    const w = window as unknown as { __parleyEmit(event: string, payload: unknown): void }
    const emit = w.__parleyEmit
    w.__parleyEmit = (event, payload) => {
      if (event === 'message') {
        document.querySelector<HTMLElement>('[aria-label="Message history"]')!.scrollTop = 0
        w.__parleyEmit = emit
      }
      emit(event, payload)
    }
  })
  await chat.postMessage({ conversationId: conversation.id, sender, content: 'Arrived mid-scroll' })
  await expect(page.getByRole('button', { name: 'New messages' })).toBeVisible()
  await expect(list.getByText('Message 1', { exact: true })).toBeInViewport()
  await expect(list.getByText('Arrived mid-scroll')).not.toBeInViewport()
})
