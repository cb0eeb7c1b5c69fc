// LAN hosting end to end, with no internet: a host starts hosting from its Parley window
// (the real host panel, the server process forked with Node and serving the built web
// client), one guest uses the app (desktop bridge), one a plain browser page at the host's
// address. They register (invite code), chat and exchange files both ways; the browser page
// never requests anything but the host; stopping hosting drops everyone to "reconnecting".
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures/desktop-bridge'
import { screenshotBothThemes, watchPageHealth } from './support/renderer'
import { openHostWindow, startHostingFromPanel } from '../host/support/host-window'

let dir = ''
test.beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parley-ui-lan-')) })
test.afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

/** Drops a File with these bytes on the open conversation of `page`. */
async function dropFile(page: Page, region: string, name: string, bytes: Buffer, type: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(([fileName, base64, mime]) => {
    const binary = atob(base64)
    const data = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i += 1) data[i] = binary.charCodeAt(i)
    const transfer = new DataTransfer()
    transfer.items.add(new File([data], fileName, { type: mime }))
    return transfer
  }, [name, bytes.toString('base64'), type] as const)
  const target = page.getByRole('region', { name: region })
  await target.dispatchEvent('dragenter', { dataTransfer })
  await target.dispatchEvent('dragover', { dataTransfer })
  await target.dispatchEvent('drop', { dataTransfer })
}

function pattern(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size)
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + seed) & 0xff
  return bytes
}

test('a host and two guests (app and browser) chat and share files over the LAN, nothing fetched from elsewhere', async ({ desktop, browser }) => {
  test.setTimeout(180_000)
  const host = await openHostWindow(browser)
  try {
    // ---- the host starts hosting from the sign-in screen ----
    const hostPage = host.page
    const panel = await startHostingFromPanel(hostPage, { network: '0.0.0.0', name: 'Workshop', registration: 'invite' })
    const joinUrl = (await panel.getByRole('list', { name: 'Join addresses' }).getByRole('button', { pressed: true }).textContent())!.trim()
    // Hosting on the LAN means TLS: https addresses, and the fingerprint guests compare.
    expect(joinUrl).toMatch(/^https:\/\/\d+\.\d+\.\d+\.\d+:\d+\/$/)
    const origin = joinUrl.replace(/\/$/, '')
    await expect(panel.getByRole('img', { name: `QR code for ${joinUrl}` })).toBeVisible()
    const fingerprint = host.controller.status().fingerprint!
    await expect(panel.getByLabel(`This server’s fingerprint: ${fingerprint}`)).toBeVisible()
    // What the QR code and the Copy button carry: the address with the fingerprint.
    const joinLink = host.controller.status().joinAddresses.find((a) => a.url === joinUrl)!.joinLink
    expect(joinLink).toBe(`${joinUrl}#fp=${fingerprint}`)
    await panel.getByRole('heading', { name: 'Certificate' }).scrollIntoViewIfNeeded()
    await screenshotBothThemes(hostPage, 'lan-host-certificate')

    await panel.getByRole('button', { name: 'New invite code' }).click()
    const code = (await panel.getByRole('list', { name: 'Invite codes' }).locator('code').first().textContent())!.trim()
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
    const createForm = panel.getByRole('form', { name: 'Create an account' })
    await createForm.getByLabel('Full name').fill('Ada Lovelace')
    await createForm.getByLabel('Email').fill('ada@example.com')
    await createForm.getByLabel('Password').fill('analytical engine')
    await createForm.getByRole('button', { name: 'Create account' }).click()
    await expect(panel.getByRole('list', { name: 'Accounts' })).toContainText('ada@example.com')
    await screenshotBothThemes(hostPage, 'lan-host-panel')
    await panel.getByRole('button', { name: 'Done' }).click()
    // The host's own app signed in to its server by itself.
    await expect(hostPage.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()

    // ---- guest 1: a plain browser page at the join address, every other URL blocked ----
    // (The guest compared the fingerprint and accepted the browser's certificate warning.)
    const context = await browser.newContext({ ignoreHTTPSErrors: true })
    const bob = await context.newPage()
    const blocked: string[] = []
    await bob.route('**', (route) => {
      const url = route.request().url()
      if (url.startsWith(`${origin}/`) || url === origin) return route.continue()
      blocked.push(url)
      return route.abort('blockedbyclient')
    })
    const bobHealth = await watchPageHealth(bob)
    const responses: { url: string; csp: string | null }[] = []
    bob.on('response', (response) => responses.push({ url: response.url(), csp: response.headers()['content-security-policy'] ?? null }))
    await bob.goto(joinUrl)
    await expect(bob.getByLabel('Server')).toHaveValue(origin)
    await bob.getByRole('button', { name: 'Create an account' }).click()
    await bob.getByLabel('Invite code').fill(code.toLowerCase())
    await bob.getByLabel('Full name').fill('Bob Babbage')
    await bob.getByLabel('Email').fill('bob@example.com')
    await bob.getByLabel('Password').fill('difference engine')
    await bob.getByRole('button', { name: 'Create account' }).click()
    await expect(bob.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()
    expect(responses.find((r) => r.url === joinUrl)?.csp).toMatch(/default-src 'none'.*connect-src 'self'/)

    // ---- guest 2: the desktop app (desktop bridge), signing in with the join link (the QR
    // code's content): the certificate it names is trusted without a question ----
    const ada = desktop.page
    await ada.getByLabel('Server').fill(joinLink)
    await ada.getByLabel('Email').fill('ada@example.com')
    await ada.getByLabel('Password').fill('analytical engine')
    await ada.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(ada.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()
    await expect(ada.getByRole('dialog')).toHaveCount(0)

    // The host sees both guests connected.
    await hostPage.getByRole('button', { name: 'Host on this computer' }).click()
    const people = panel.getByRole('list', { name: 'Connected people' })
    await expect(people).toContainText('ada@example.com')
    await expect(people).toContainText('bob@example.com')
    await panel.getByRole('button', { name: 'Done' }).click()

    // ---- messages both ways ----
    await bob.getByRole('button', { name: 'New conversation' }).click()
    await bob.getByRole('searchbox', { name: 'Find people' }).fill('Ada')
    await bob.getByRole('checkbox', { name: /Ada Lovelace/ }).check()
    await bob.getByRole('button', { name: 'Start conversation' }).click()
    await expect(bob.getByRole('heading', { level: 2, name: 'Ada Lovelace' })).toBeVisible()
    await bob.getByRole('textbox', { name: 'Message' }).fill('Hello from a browser')
    await bob.getByRole('textbox', { name: 'Message' }).press('Enter')

    await ada.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Bob Babbage/ }).click()
    const adaMessages = ada.getByRole('list', { name: 'Messages' })
    await expect(adaMessages.getByText('Hello from a browser')).toBeVisible()
    await ada.getByRole('textbox', { name: 'Message' }).fill('Hello from the app')
    await ada.getByRole('textbox', { name: 'Message' }).press('Enter')
    const bobMessages = bob.getByRole('list', { name: 'Messages' })
    await expect(bobMessages.getByText('Hello from the app')).toBeVisible()
    await screenshotBothThemes(bob, 'lan-guest-conversation')

    // ---- files both ways: the browser reads its File in slices; the app sends by path ----
    const fromBob = pattern(1_500_000, 7)
    await dropFile(bob, 'Ada Lovelace', 'plans.bin', fromBob, 'application/octet-stream')
    const adaCard = adaMessages.getByRole('figure', { name: 'File plans.bin' })
    await expect(adaCard.getByRole('button', { name: 'Save as…' })).toBeVisible({ timeout: 30_000 })
    desktop.main!.dialogs.nextSaveTarget = join(dir, 'plans-saved.bin')
    await adaCard.getByRole('button', { name: 'Save as…' }).click()
    await expect.poll(async () => (await readFile(join(dir, 'plans-saved.bin')).catch(() => Buffer.alloc(0))).equals(fromBob)).toBe(true)

    const fromAda = pattern(300_000, 3)
    const adaPath = join(dir, 'notes.bin')
    await writeFile(adaPath, fromAda)
    await desktop.registerFile(adaPath)
    await dropFile(ada, 'Bob Babbage', 'notes.bin', fromAda, 'application/octet-stream')
    const bobCard = bobMessages.getByRole('figure', { name: 'File notes.bin' })
    await expect(bobCard.getByRole('button', { name: 'Save as…' })).toBeVisible({ timeout: 30_000 })
    const download = bob.waitForEvent('download')
    await bobCard.getByRole('button', { name: 'Save as…' }).click()
    const saved = join(dir, 'notes-downloaded.bin')
    await (await download).saveAs(saved)
    expect((await readFile(saved)).equals(fromAda)).toBe(true)
    await bob.screenshot({ path: 'test-results/screens/lan-browser-guest.png' })

    // Everything the page needed came from the host.
    expect(blocked).toEqual([])
    expect(responses.length).toBeGreaterThan(3)
    await bobHealth.expectClean()

    // ---- stopping hosting drops the guests to "reconnecting", cleanly ----
    await hostPage.getByRole('button', { name: 'Host on this computer' }).click()
    await panel.getByRole('button', { name: 'Stop hosting' }).click()
    await expect(panel.getByRole('button', { name: 'Start hosting' })).toBeVisible()
    await expect(bob.getByText(/Reconnecting|Offline/).first()).toBeVisible({ timeout: 20_000 })
    await expect(ada.getByText(/Reconnecting|Offline/).first()).toBeVisible({ timeout: 20_000 })
    await context.close()
  } finally {
    await host.close()
  }
})
