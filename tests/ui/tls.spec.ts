// TLS as people meet it (issue 8): the desktop app's trust-on-first-use dialog for a typed
// address, a changed certificate refused with the old and the new fingerprint, a join link
// that carries the fingerprint signing in without a question, and a browser guest on the
// server's https address (after the plain-http redirect). Real TLS server, real main handlers.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { Agent, fetch as undiciFetch } from 'undici'
import { test, expect } from './fixtures/desktop-bridge'
import { screenshotBothThemes, watchPageHealth } from './support/renderer'
import { RENDERER_ROOT } from '../host/support/host-window'
import { makeTempDir, removeDir } from '../client/support/test-services'
import { startParleyServer } from '../../src-main/server/server'

test.use({ serverOptions: { tls: 'on' } })

async function fillSignIn(page: Page, server: string, account: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Server').fill(server)
  await page.getByLabel('Email').fill(account.email)
  await page.getByLabel('Password').fill(account.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

async function expectAccessible(page: Page, selector: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include(selector).analyze()
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

test('a typed address asks to compare the fingerprint once; trusting it signs in', async ({ desktop }) => {
  const page = desktop.page
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const fingerprint = desktop.server.running().fingerprint!
  // Typed the way people do: no scheme. Main follows the plain-http redirect to https.
  await fillSignIn(page, `127.0.0.1:${desktop.server.port}`, ada)
  const dialog = page.getByRole('dialog', { name: 'Check the server’s certificate' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByLabel(`Fingerprint presented now: ${fingerprint}`)).toBeVisible()
  await expect(dialog).toContainText('You entered this address')
  await expectAccessible(page, '.certificate-dialog')
  await screenshotBothThemes(page, 'tls-trust-first-use')

  // Cancel: nothing trusted, still signed out, the reason in words.
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('alert')).toContainText(fingerprint)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await dialog.getByRole('button', { name: 'Trust and connect' }).click()
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()
  // Pinned for this server: main's transport now connects without asking.
  expect(desktop.main!.ipc.transport.refusal(desktop.server.url)).toBeNull()
})

test('a changed certificate is refused with the old and the new fingerprint; nothing connects unless re-trusted', async ({ desktop }) => {
  const page = desktop.page
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const main = desktop.main!
  const before = desktop.server.running().fingerprint!
  // Trusted earlier (as the first spec does through the dialog).
  await main.invoke('session:sign-in', { server: desktop.server.url, email: ada.email, password: ada.password })
  expect(await main.invoke('tls:trust', { server: desktop.server.url, fingerprint: before })).toMatchObject({ ok: true })

  // The server comes back with another key: reinstalled, or someone else on its address.
  await desktop.server.stop()
  await rm(join(desktop.server.dataDir, 'tls'), { recursive: true, force: true })
  await desktop.server.start()
  const after = desktop.server.running().fingerprint!

  await fillSignIn(page, desktop.server.url, ada)
  const dialog = page.getByRole('dialog', { name: 'Certificate changed' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('alert')).toContainText('not the one you trusted')
  await expect(dialog.getByLabel(`Trusted before: ${before}`)).toBeVisible()
  await expect(dialog.getByLabel(`Presented now: ${after}`)).toBeVisible()
  // Not connecting is the default answer.
  await expect(dialog.getByRole('button', { name: 'Don’t connect' })).toBeFocused()
  await expectAccessible(page, '.certificate-dialog')
  await screenshotBothThemes(page, 'tls-certificate-changed')
  await dialog.getByRole('button', { name: 'Don’t connect' }).click()
  await expect(page.getByRole('alert')).toContainText('has changed since you trusted it')
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toHaveCount(0)

  // After the host confirms the new fingerprint, re-trusting connects.
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await dialog.getByRole('button', { name: 'Trust the new certificate' }).click()
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()
})

test('a join link (what the QR code carries) signs in without a question; a wrong one is refused', async ({ desktop }) => {
  const page = desktop.page
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const fingerprint = desktop.server.running().fingerprint!
  const wrong = fingerprint.split(':').reverse().join(':')
  await fillSignIn(page, `${desktop.server.url}/#fp=${wrong}`, ada)
  const refused = page.getByRole('dialog', { name: 'Wrong certificate' })
  await expect(refused.getByLabel(`The join link names: ${wrong}`)).toBeVisible()
  await expect(refused.getByLabel(`Presented now: ${fingerprint}`)).toBeVisible()
  await expect(refused.getByRole('button', { name: /Trust/ })).toHaveCount(0)
  await screenshotBothThemes(page, 'tls-join-link-mismatch')
  await refused.getByRole('button', { name: 'Close' }).click()

  await fillSignIn(page, `${desktop.server.url}/#fp=${fingerprint}`, ada)
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

test('a browser guest typing http:// lands on https and chats there (secure context)', async ({ browser }) => {
  const dataDir = await makeTempDir('parley-ui-tls-web-')
  const server = await startParleyServer({ dataDir, tls: 'on', webRoot: RENDERER_ROOT, logLevel: 'silent', registration: 'closed' })
  try {
    const ada = await server.admin.createUser({ email: 'ada@example.com', fullName: 'Ada Lovelace', password: 'analytical engine' })
    const bob = await server.admin.createUser({ email: 'bob@example.com', fullName: 'Bob Babbage', password: 'difference engine' })
    const conversation = await server.admin.createConversation([ada.id, bob.id])
    // The guest accepted the browser's certificate warning (after comparing the fingerprint).
    const context = await browser.newContext({ ignoreHTTPSErrors: true })
    const page = await context.newPage()
    const health = await watchPageHealth(page)
    await page.goto(`http://127.0.0.1:${server.port}/`)
    expect(page.url()).toBe(`${server.url}/`)
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true)
    await expect(page.getByLabel('Server')).toHaveValue(server.url)
    await page.getByLabel('Email').fill('ada@example.com')
    await page.getByLabel('Password').fill('analytical engine')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Bob Babbage/ }).click()
    await page.getByRole('textbox', { name: 'Message' }).fill('Encrypted on the LAN')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await expect(page.getByRole('list', { name: 'Messages' }).getByText('Encrypted on the LAN')).toBeVisible()
    // Delivered over wss: Bob reads it from the server (over https, trusting its certificate).
    const agent = new Agent({ connect: { ca: await readFile(join(dataDir, 'tls', 'cert.pem'), 'utf8') } })
    const login = await undiciFetch(`${server.url}/api/auth/login/`, {
      dispatcher: agent, method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bob@example.com', password: 'difference engine' }),
    })
    const { tokens } = (await login.json()) as { tokens: { access: string } }
    await expect.poll(async () => {
      const list = await undiciFetch(`${server.url}/api/chat/conversations/${conversation.id}/messages/`, { dispatcher: agent, headers: { authorization: `Bearer ${tokens.access}` } })
      return JSON.stringify(await list.json())
    }).toContain('Encrypted on the LAN')
    await agent.close()
    await health.expectClean()
    await context.close()
  } finally {
    await server.close()
    await removeDir(dataDir)
  }
})
