// The web client as a LAN host serves it, in a browser that may reach nothing but the host;
// and discovery: a host announced over mDNS shows up on another Parley's sign-in screen.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect } from '@playwright/test'
import { HostProcess } from '../../src-main/host/host-process'
import { nodeLauncher } from '../../src-main/host/node-launcher'
import { SERVER_PROCESS_ENTRY } from '../host/support'
import { openHostWindow, RENDERER_ROOT } from '../host/support/host-window'
import { screenshotBothThemes, watchPageHealth } from './support/renderer'

async function startServerProcess(options: { host: string; name: string; advertise: boolean }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-ui-lanb-'))
  const process = new HostProcess(nodeLauncher(SERVER_PROCESS_ENTRY)(), () => {}, () => {})
  const started = await process.request('start', {
    dataDir, host: options.host, port: 0, registration: 'closed', name: options.name,
    webRoot: RENDERER_ROOT, nativeBinding: null, advertise: options.advertise, logLevel: 'silent',
  })
  return {
    process,
    started,
    async close() {
      await process.request('stop', {}).catch(() => undefined)
      await process.exit()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

test('with every request to anything but the host blocked, the page loads, signs in and chats', async ({ page }) => {
  const server = await startServerProcess({ host: '127.0.0.1', name: 'Offline room', advertise: false })
  try {
    const { url } = server.started
    await server.process.request('create-user', { email: 'ada@example.com', fullName: 'Ada Lovelace', password: 'analytical engine' })
    await server.process.request('create-user', { email: 'bob@example.com', fullName: 'Bob Babbage', password: 'difference engine' })
    const blocked: string[] = []
    const served: { url: string; type: string }[] = []
    await page.route('**', (route) => {
      const target = route.request().url()
      if (target.startsWith(`${url}/`)) return route.continue()
      blocked.push(target)
      return route.abort('blockedbyclient')
    })
    page.on('response', (response) => served.push({ url: response.url(), type: response.headers()['content-type'] ?? '' }))
    const health = await watchPageHealth(page)
    await page.goto(`${url}/`)
    await expect(page.getByLabel('Server')).toHaveValue(url)
    await expect(page.getByText('Parley server “Offline room”')).toBeVisible()
    await screenshotBothThemes(page, 'lan-browser-sign-in')
    await page.getByLabel('Email').fill('ada@example.com')
    await page.getByLabel('Password').fill('analytical engine')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()
    // No hosting from a browser page: the host button is not offered.
    await expect(page.getByRole('button', { name: 'Host on this computer' })).toHaveCount(0)
    await page.getByRole('button', { name: 'New conversation' }).click()
    await page.getByRole('searchbox', { name: 'Find people' }).fill('Bob')
    await page.getByRole('checkbox', { name: /Bob Babbage/ }).check()
    await page.getByRole('button', { name: 'Start conversation' }).click()
    await page.getByRole('textbox', { name: 'Message' }).fill('Works with no internet')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await expect(page.getByRole('list', { name: 'Messages' }).getByText('Works with no internet')).toBeVisible()
    // The chat extensions through the in-page engine: an edit, a reaction, a search.
    const rowWith = (text: string) => page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: text })
    await rowWith('Works with no internet').hover()
    await rowWith('Works with no internet').getByRole('button', { name: 'Edit', exact: true }).click()
    await page.getByRole('textbox', { name: 'Edit message' }).fill('Works with no internet at all')
    await page.getByRole('textbox', { name: 'Edit message' }).press('Enter')
    const edited = rowWith('Works with no internet at all')
    await expect(edited.getByText('edited', { exact: true })).toBeVisible()
    await edited.hover()
    await edited.getByRole('button', { name: 'React', exact: true }).click()
    await page.getByRole('dialog', { name: 'Add a reaction' }).getByRole('button', { name: '🎉', exact: true }).click()
    await expect(edited.getByRole('button', { name: '🎉 1: you' })).toHaveAttribute('aria-pressed', 'true')
    await page.keyboard.press('Control+f')
    await page.getByRole('searchbox', { name: 'Search messages' }).fill('internet')
    await expect(page.getByRole('list', { name: 'Search results' }).getByRole('listitem')).toHaveCount(1)
    await page.keyboard.press('Escape')
    await expect(page.getByRole('searchbox', { name: 'Search messages' })).toBeHidden()
    // A file above the chunking threshold: the browser reads it in Blob.slice ranges and
    // streams chunks; what arrives is byte for byte what was dropped.
    const size = 9 * 1024 * 1024
    const sent = await page.evaluateHandle((bytes) => {
      const data = new Uint8Array(bytes)
      for (let i = 0; i < bytes; i += 1) data[i] = (i * 7 + (i >> 12)) & 0xff
      const transfer = new DataTransfer()
      transfer.items.add(new File([data], 'survey.bin', { type: 'application/octet-stream' }))
      return transfer
    }, size)
    const region = page.getByRole('region', { name: 'Bob Babbage' })
    for (const type of ['dragenter', 'dragover', 'drop']) await region.dispatchEvent(type, { dataTransfer: sent })
    const card = page.getByRole('list', { name: 'Messages' }).getByRole('figure', { name: 'File survey.bin' })
    await expect(card).toContainText('9.0 MB', { timeout: 60_000 })
    const download = page.waitForEvent('download')
    await card.getByRole('button', { name: 'Save as…' }).click()
    const received = await readFile(await (await download).path())
    expect(received.length).toBe(size)
    expect(received.every((byte, i) => byte === ((i * 7 + (i >> 12)) & 0xff))).toBe(true)

    // A reload keeps the session (sessionStorage) and the message.
    await page.reload()
    await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()

    expect(blocked).toEqual([])
    const script = served.find((r) => /\/assets\/.+\.js$/.test(r.url))
    const style = served.find((r) => /\/assets\/.+\.css$/.test(r.url))
    expect(script?.type).toMatch(/javascript/)
    expect(style?.type).toMatch(/text\/css/)
    await health.expectClean()
  } finally {
    await server.close()
  }
})

test('a Parley host announced on the LAN is listed, fills in its https address, and its fingerprint is compared before trusting', async ({ browser }) => {
  const server = await startServerProcess({ host: '0.0.0.0', name: `Upstairs ${process.pid}`, advertise: true })
  const window = await openHostWindow(browser)
  try {
    const fingerprint = server.started.fingerprint!
    const hosts = window.page.getByRole('list', { name: 'On this network' })
    const entry = hosts.getByRole('button', { name: new RegExp(`Use Upstairs ${process.pid}.+:${server.started.port}`) })
    await expect(entry).toBeVisible({ timeout: 30_000 })
    await expect(entry).toContainText('accounts by the host')
    await entry.click()
    await expect(window.page.getByLabel('Server')).toHaveValue(new RegExp(`^https://.+:${server.started.port}$`))
    // Not trusted yet: the probe says so, with the fingerprint.
    await expect(window.page.getByText(/presents a certificate that no authority vouches for/)).toBeVisible()
    await screenshotBothThemes(window.page, 'lan-sign-in-discovery')

    // Signing in asks first; the announcement's fingerprint is shown as a hint, not as proof.
    await server.process.request('create-user', { email: 'ada@example.com', fullName: 'Ada Lovelace', password: 'analytical engine' })
    await window.page.getByLabel('Email').fill('ada@example.com')
    await window.page.getByLabel('Password').fill('analytical engine')
    await window.page.getByRole('button', { name: 'Sign in', exact: true }).click()
    const dialog = window.page.getByRole('dialog', { name: 'Check the server’s certificate' })
    await expect(dialog.getByLabel(`Fingerprint presented now: ${fingerprint}`)).toBeVisible()
    await expect(dialog).toContainText('its announcement carried the same fingerprint')
    await expect(dialog).toContainText('compare with the host’s screen all the same')
    await screenshotBothThemes(window.page, 'tls-trust-discovered')
    await dialog.getByRole('button', { name: 'Trust and connect' }).click()
    await expect(window.page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()
  } finally {
    await window.close()
    await server.close()
  }
})
