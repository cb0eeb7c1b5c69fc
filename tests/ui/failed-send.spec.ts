// Sends that don't make it: a message the server refuses shows its reason with Retry and
// Discard (Discard forgets it for good; Retry succeeds once the server accepts it), and a
// message written while the server is away can be taken back before it goes out.
import { test, expect } from './fixtures/desktop-bridge'
import { openConversation, screenshotBothThemes, signIn, watchPageHealth } from './support/renderer'
import { serverMessages } from '../client/support/session'

async function setUp(desktop: Parameters<Parameters<typeof test>[2]>[0]['desktop']) {
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  const conversation = await desktop.server.admin.createConversation([ada.id, bob.id])
  await signIn(desktop.page, desktop.server, ada)
  await openConversation(desktop.page, 'Bob Babbage')
  return { ada, conversation }
}

test.describe('a server that accepts at most 40 characters', () => {
  // The fixture starts (and restarts) the server with this object: raising the limit and
  // restarting is the server's operator changing its configuration.
  const limits = { maxMessageChars: 40 }
  test.use({ serverOptions: { limits } })
  test.afterEach(() => { limits.maxMessageChars = 40 })

  test('a refused message shows the reason; Discard forgets it, Retry sends it once accepted', async ({ desktop }) => {
    test.setTimeout(120_000)
    const { page, server } = desktop
    const health = await watchPageHealth(page)
    await page.reload()
    const { ada, conversation } = await setUp(desktop)
    const messages = page.getByRole('list', { name: 'Messages' })
    const composer = page.getByRole('textbox', { name: 'Message' })
    const first = 'This first message is far too long for this small server'
    const second = 'And the second one is also longer than forty characters'

    for (const text of [first, second]) {
      await composer.fill(text)
      await composer.press('Enter')
      await expect(composer).toHaveValue('')
    }
    const firstRow = messages.getByRole('listitem').filter({ hasText: first })
    const secondRow = messages.getByRole('listitem').filter({ hasText: second })
    for (const row of [firstRow, secondRow]) {
      await expect(row.getByRole('alert')).toHaveText('Message too long (max 40 characters)')
      await expect(row.getByRole('img', { name: 'Not sent' })).toBeVisible()
      await expect(row.getByRole('button', { name: 'Retry' })).toBeVisible()
    }
    await screenshotBothThemes(page, 'send-failed')

    // Discard: gone from the view and from main's outbox, also after the app restarts.
    await firstRow.getByRole('button', { name: 'Discard' }).click()
    await expect(firstRow).toHaveCount(0)
    await desktop.restartMain()
    await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible({ timeout: 20_000 })
    await openConversation(page, 'Bob Babbage')
    await expect(secondRow.getByRole('alert')).toHaveText('Message too long (max 40 characters)')
    await expect(firstRow).toHaveCount(0)

    // The operator raises the limit and restarts the server; Retry now goes through.
    limits.maxMessageChars = 1000
    await server.stop()
    const banner = page.getByRole('status').filter({ hasText: /Reconnecting…|Offline/ })
    await expect(banner).toBeVisible({ timeout: 20_000 })
    await server.start()
    // What "Retry now" does (the banner may already be gone by the time a click lands).
    await desktop.main!.invoke('connection:retry-now')
    await expect(banner).toBeHidden({ timeout: 30_000 })
    await secondRow.getByRole('button', { name: 'Retry' }).click()
    await expect(secondRow.getByRole('img', { name: /^(Sent|Read)$/ })).toBeVisible({ timeout: 30_000 })
    await expect(secondRow.getByRole('button', { name: 'Retry' })).toHaveCount(0)
    await expect(secondRow).toHaveCount(1)

    const stored = await serverMessages(server, ada, conversation.id)
    expect(stored.map((m) => m.content)).toEqual([second])
    const outbox = await desktop.main!.invoke('outbox:list', conversation.id)
    expect(outbox).toEqual({ ok: true, value: [] })
    await health.expectClean()
  })
})

test('a message written while the server is away can be cancelled before it goes out', async ({ desktop }) => {
  const { page, server } = desktop
  const { ada, conversation } = await setUp(desktop)
  const messages = page.getByRole('list', { name: 'Messages' })
  const composer = page.getByRole('textbox', { name: 'Message' })
  await server.stop()
  const banner = page.getByRole('status').filter({ hasText: /Reconnecting…|Offline/ })
  await expect(banner).toBeVisible({ timeout: 20_000 })

  await composer.fill('Never mind, ignore this')
  await composer.press('Enter')
  await composer.fill('But keep this one')
  await composer.press('Enter')
  const cancelled = messages.getByRole('listitem').filter({ hasText: 'Never mind, ignore this' })
  const kept = messages.getByRole('listitem').filter({ hasText: 'But keep this one' })
  await expect(cancelled.getByText('Waiting for connection')).toBeVisible()
  await expect(cancelled.getByRole('img', { name: 'Waiting to send' })).toBeVisible()
  await screenshotBothThemes(page, 'send-queued')
  await cancelled.getByRole('button', { name: 'Cancel' }).click()
  await expect(cancelled).toHaveCount(0)

  await server.start()
  await desktop.main!.invoke('connection:retry-now')
  await expect(kept.getByRole('img', { name: /^(Sent|Read)$/ })).toBeVisible({ timeout: 30_000 })
  await expect(cancelled).toHaveCount(0)
  const stored = await serverMessages(server, ada, conversation.id)
  expect(stored.map((m) => m.content)).toEqual(['But keep this one'])
})
