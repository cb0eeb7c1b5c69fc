// Sign-in: errors in words for a wrong password, an unreachable address and a server that
// isn't Parley; registration where the server allows it; the list after signing in.
import { createServer } from 'node:net'
import { test, expect } from './fixtures/desktop-bridge'
import { serveStatic } from './fixtures/static-server'
import { screenshotBothThemes, signIn, watchPageHealth } from './support/renderer'

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

test('wrong password, unreachable and non-Parley servers are explained in words', async ({ desktop }) => {
  const { page } = desktop
  const health = await watchPageHealth(page)
  await page.reload()
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })

  await expect(page.getByRole('heading', { name: 'Sign in to Parley' })).toBeVisible()
  await screenshotBothThemes(page, 'sign-in')

  await page.getByLabel('Server').fill(desktop.server.url)
  await page.getByLabel('Email').fill(ada.email)
  await page.getByLabel('Password').fill('not the password')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.')
  await screenshotBothThemes(page, 'sign-in-error')

  await page.getByLabel('Server').fill(`127.0.0.1:${await closedPort()}`)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText("Can't reach the server")

  const notParley = await serveStatic(process.cwd())
  try {
    await page.getByLabel('Server').fill(notParley.url)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(page.getByRole('alert')).toContainText("isn't a Parley or compatible")
  } finally {
    await notParley.close()
  }

  await page.getByLabel('Server').fill(desktop.server.url)
  await page.getByLabel('Password').fill(ada.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()
  await expect(page.getByText('No conversations yet')).toBeVisible()
  await health.expectClean()
})

test('registers a new account where the server allows it', async ({ desktop }) => {
  const { page } = desktop
  await page.getByLabel('Server').fill(desktop.server.url)
  await page.getByRole('button', { name: 'Create an account' }).click()
  await page.getByLabel('Full name').fill('Grace Hopper')
  await page.getByLabel('Email').fill(`grace-${Date.now()}@example.com`)
  await page.getByLabel('Password').fill('a long enough password 1')
  await screenshotBothThemes(page, 'register')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('complementary').getByText('Grace Hopper')).toBeVisible()
})

test('signing in shows the conversation list, newest activity first', async ({ desktop }) => {
  const { page, server } = desktop
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  const cy = await desktop.createUser({ fullName: 'Cy Young' })
  const older = await server.admin.createConversation([ada.id, bob.id])
  const newer = await server.admin.createConversation([ada.id, cy.id])
  const users = await server.admin.listUsers()
  const sender = (id: number) => users.find((user) => user.id === id)!
  await server.running().chat.postMessage({ conversationId: older.id, sender: sender(bob.id), content: 'Lunch at noon?' })
  await server.running().chat.postMessage({ conversationId: newer.id, sender: sender(cy.id), content: 'The build is green' })

  await signIn(page, server, ada)
  const rows = page.getByRole('navigation', { name: 'Conversations' }).getByRole('listitem')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toContainText('Cy Young')
  await expect(rows.nth(0)).toContainText('The build is green')
  await expect(rows.nth(0).getByLabel('1 unread')).toBeVisible()
  await expect(rows.nth(1)).toContainText('Bob Babbage')

  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('bob')
  await expect(rows).toHaveCount(1)
  await expect(rows.nth(0)).toContainText('Lunch at noon?')
  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('')
  await screenshotBothThemes(page, 'conversation-list')
})
