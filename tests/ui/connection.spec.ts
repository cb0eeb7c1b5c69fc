// Connection: the banner while the server is away (with Retry now), gone when it is back;
// a message written offline goes out on reconnect; cached history readable and marked not
// live; an ended session returns to sign-in with an explanation.
import { test, expect } from './fixtures/desktop-bridge'
import { openConversation, screenshotBothThemes, signIn } from './support/renderer'

async function setUp(desktop: Parameters<Parameters<typeof test>[2]>[0]['desktop']) {
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  const conversation = await desktop.server.admin.createConversation([ada.id, bob.id])
  const bobUser = (await desktop.server.admin.listUsers()).find((u) => u.id === bob.id)!
  await desktop.server.running().chat.postMessage({ conversationId: conversation.id, sender: bobUser, content: 'Are you there?' })
  await signIn(desktop.page, desktop.server, ada)
  await openConversation(desktop.page, 'Bob Babbage')
  await expect(desktop.page.getByRole('list', { name: 'Messages' }).getByText('Are you there?')).toBeVisible()
  return { ada, bob, conversation }
}

test('reconnect banner while the server restarts; an offline message goes out when back', async ({ desktop }) => {
  const { page, server } = desktop
  await setUp(desktop)
  await server.stop()
  const banner = page.getByRole('status').filter({ hasText: /Reconnecting…|Offline/ })
  await expect(banner).toBeVisible({ timeout: 20_000 })
  await expect(banner.getByRole('button', { name: 'Retry now' })).toBeVisible()

  await page.getByRole('textbox', { name: 'Message' }).fill('Written while offline')
  await page.getByRole('textbox', { name: 'Message' }).press('Enter')
  const queued = page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'Written while offline' })
  await expect(queued.getByRole('img', { name: /Waiting to send|Sending/ })).toBeVisible()
  await screenshotBothThemes(page, 'reconnecting')

  await server.start()
  // Retry now reconnects at once; the app's own retry (full jitter, so any moment) may get
  // there first and take the banner, and its button, away before a click lands. Either way
  // the banner must go; a click still waiting then is abandoned, not failed. What the button
  // does is pinned in tests/shared/connection.test.ts (retryNow).
  void banner.getByRole('button', { name: 'Retry now' }).click().catch(() => undefined)
  await expect(banner).toBeHidden({ timeout: 30_000 })
  await expect(queued.getByRole('img', { name: /^(Sent|Read)$/ })).toBeVisible({ timeout: 30_000 })
})

test('cached history is readable offline and marked as not live', async ({ desktop }) => {
  const { page, server } = desktop
  await setUp(desktop)
  await server.stop()
  await desktop.restartMain()
  // The app restarts with the server still away: the last session and cache are all it has.
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible({ timeout: 20_000 })
  await openConversation(page, 'Bob Babbage')
  await expect(page.getByRole('list', { name: 'Messages' }).getByText('Are you there?')).toBeVisible()
  await expect(page.getByText('Showing saved messages')).toBeVisible()
  await screenshotBothThemes(page, 'offline-cached')
  await server.start()
})

test('an ended session returns to sign-in with an explanation', async ({ desktop }) => {
  const { page, server } = desktop
  const { ada } = await setUp(desktop)
  await server.admin.removeUser(ada.email)
  // The server drops the removed user's sockets; reconnecting with the old tokens fails.
  await server.stop()
  await server.start()
  await expect(page.getByRole('heading', { name: 'Sign in to Parley' })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByText(/Your session on .* has ended/)).toBeVisible()
  await screenshotBothThemes(page, 'session-ended')
})
