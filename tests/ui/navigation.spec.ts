// Starting a conversation by picking people, the Ctrl+K switcher, Alt+Up/Down, settings'
// theme override, and a 720 px wide window.
import { test, expect } from './fixtures/desktop-bridge'
import { screenshotBothThemes, signIn, watchPageHealth } from './support/renderer'

test('new conversation, switcher and keyboard navigation', async ({ desktop }) => {
  const { page, server } = desktop
  const health = await watchPageHealth(page)
  await page.reload()
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  await desktop.createUser({ fullName: 'Cy Young' })
  await server.admin.createConversation([ada.id, bob.id])
  await signIn(page, server, ada)

  await page.getByRole('button', { name: 'New conversation' }).click()
  const dialog = page.getByRole('dialog', { name: 'New conversation' })
  await dialog.getByRole('searchbox', { name: 'Find people' }).fill('Cy')
  await dialog.getByRole('checkbox', { name: /Cy Young/ }).check()
  await screenshotBothThemes(page, 'new-conversation')
  await dialog.getByRole('button', { name: 'Start conversation' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('heading', { level: 2, name: 'Cy Young' })).toBeVisible()
  const rows = page.getByRole('navigation', { name: 'Conversations' }).getByRole('listitem')
  await expect(rows).toHaveCount(2)

  // Alt+Up/Down walk the list in its order.
  const first = (await rows.nth(0).innerText()).split('\n')[0]!
  const second = (await rows.nth(1).innerText()).split('\n')[0]!
  await page.keyboard.press('Alt+ArrowDown')
  await expect(page.getByRole('heading', { level: 2, name: second })).toBeVisible()
  await page.keyboard.press('Alt+ArrowUp')
  await expect(page.getByRole('heading', { level: 2, name: first })).toBeVisible()

  // Ctrl+K: type, Enter; Esc closes without switching.
  await page.keyboard.press('Control+k')
  const switcher = page.getByRole('dialog', { name: 'Switch conversation' })
  await expect(switcher.getByRole('combobox', { name: 'Switch to conversation' })).toBeFocused()
  await page.keyboard.type('bob')
  await screenshotBothThemes(page, 'switcher')
  await page.keyboard.press('Enter')
  await expect(switcher).toBeHidden()
  await expect(page.getByRole('heading', { level: 2, name: 'Bob Babbage' })).toBeVisible()
  await page.keyboard.press('Control+k')
  await page.keyboard.press('Escape')
  await expect(switcher).toBeHidden()
  await expect(page.getByRole('heading', { level: 2, name: 'Bob Babbage' })).toBeVisible()
  await health.expectClean()
})

test('the theme follows the OS unless Settings pins it; 720 px still works', async ({ desktop }) => {
  const { page, server } = desktop
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  await server.admin.createConversation([ada.id, bob.id])
  await signIn(page, server, ada)
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)

  await page.emulateMedia({ colorScheme: 'dark' })
  const dark = await background()
  await page.emulateMedia({ colorScheme: 'light' })
  const light = await background()
  expect(dark).not.toBe(light)

  await page.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await settings.getByRole('radio', { name: 'Dark' }).check()
  await expect.poll(background).toBe(dark)
  await screenshotBothThemes(page, 'settings')
  await settings.getByRole('radio', { name: 'Match system' }).check()
  await expect.poll(background).toBe(light)
  await settings.getByRole('button', { name: 'Done' }).click()

  await page.setViewportSize({ width: 720, height: 560 })
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Bob Babbage/ }).click()
  await page.getByRole('textbox', { name: 'Message' }).fill('Narrow window check')
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page.getByRole('list', { name: 'Messages' }).getByText('Narrow window check')).toBeInViewport()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBe(0)
  await screenshotBothThemes(page, 'narrow-720')
})
