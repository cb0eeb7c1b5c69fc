// What a person sees of someone else's activity, over two windows on one server: the
// unread count of a conversation that is not on screen, and the typing indicator while the
// other person keeps typing. Both are the engine's (src-shared/client); the renderer only
// shows them, so these check the page, not the store.
import { test, expect } from './fixtures/desktop-bridge'
import { adaAndBob, openConversation, screenshotBothThemes } from './support/renderer'

test('three messages to a conversation not on screen show 3 unread, in the row and on the badge', async ({ desktop, browser }) => {
  const { page } = desktop
  const peer = await adaAndBob(desktop, browser, 'Cy Young', ['Cy Young'])
  try {
    const bobComposer = peer.page.getByRole('textbox', { name: 'Message' })
    for (const text of ['one', 'two', 'three']) {
      await bobComposer.fill(text)
      await bobComposer.press('Enter')
      await expect(peer.page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: text })
        .getByRole('img', { name: /^(Sent|Read)$/ })).toBeVisible()
    }

    const bobRow = page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Bob Babbage/ })
    await expect(bobRow).toContainText('three')
    // Main's unread total (tray and badge) reaches 3 once the last message is in; every
    // event main sent before it has then been queued to the page, and an evaluate after
    // them runs after them, so the row below is the settled count, not a passing one.
    await expect.poll(async () => (await desktop.surfaceEvents()).findLast((e) => e.kind === 'unread')).toEqual({ kind: 'unread', total: 3 })
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))
    await expect(bobRow.getByLabel(/unread$/)).toHaveAccessibleName('3 unread')
    await expect(bobRow.getByLabel(/unread$/)).toHaveText('3')
    await screenshotBothThemes(page, 'unread-row')

    // Opening it reads them: the count goes, here and in main.
    await openConversation(page, 'Bob Babbage')
    await expect(bobRow.getByLabel(/unread$/)).toBeHidden()
    await expect.poll(async () => (await desktop.surfaceEvents()).findLast((e) => e.kind === 'unread')).toEqual({ kind: 'unread', total: 0 })
  } finally {
    await peer.close()
  }
})

test('the typing indicator stays on for as long as the other person keeps typing', async ({ desktop, browser }) => {
  const { page } = desktop
  const peer = await adaAndBob(desktop, browser, 'Bob Babbage')
  try {
    const indicator = page.getByText('Bob Babbage is typing…')
    const bobComposer = peer.page.getByRole('textbox', { name: 'Message' })
    await bobComposer.press('H')
    await expect(indicator).toBeVisible()
    // Sample what Ada sees every 100 ms while Bob types steadily for over 10 s (longer than
    // any refresh, idle or expiry interval): the indicator must never drop out.
    await page.evaluate(() => {
      const w = window as unknown as { __typingSamples: boolean[]; __typingTimer: number }
      w.__typingSamples = []
      w.__typingTimer = window.setInterval(() => w.__typingSamples.push(document.body.innerText.includes('Bob Babbage is typing…')), 100)
    })
    await bobComposer.pressSequentially('ello Ada, this is a long message typed at a steady pace, one key every tenth of a second', { delay: 110 })
    const samples = await page.evaluate(() => {
      const w = window as unknown as { __typingSamples: boolean[]; __typingTimer: number }
      window.clearInterval(w.__typingTimer)
      return w.__typingSamples
    })
    expect(samples.length).toBeGreaterThan(80)
    expect(samples.filter((shown) => !shown).length, 'samples without the indicator').toBe(0)

    // Sending ends it at once; an idle composer ends it too.
    await bobComposer.press('Enter')
    await expect(indicator).toBeHidden()
    await bobComposer.pressSequentially('and')
    await expect(indicator).toBeVisible()
    await expect(indicator).toBeHidden({ timeout: 15_000 })
  } finally {
    await peer.close()
  }
})
