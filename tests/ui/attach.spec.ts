// Files from the "Attach file" picker (main's dialog, scripted by the fixture) and images
// pasted into the composer (main reads the OS clipboard; the renderer never holds bytes).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures/desktop-bridge'
import { openConversation, screenshotBothThemes, signIn, watchPageHealth } from './support/renderer'

let dir = ''
test.beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parley-ui-attach-')) })
test.afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

async function setUp(desktop: Parameters<Parameters<typeof test>[2]>[0]['desktop']) {
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  await desktop.server.admin.createConversation([ada.id, bob.id])
  await signIn(desktop.page, desktop.server, ada)
  await openConversation(desktop.page, 'Bob Babbage')
}

/** A real PNG drawn by the page's canvas, `width` × 120 px. */
async function drawPng(page: Page, width: number): Promise<Buffer> {
  const base64 = await page.evaluate((w) => {
    const canvas = document.createElement('canvas')
    canvas.width = w
    canvas.height = 120
    const context = canvas.getContext('2d')!
    context.fillStyle = '#d8704f'
    context.fillRect(0, 0, w, 120)
    context.fillStyle = '#ffffff'
    context.fillRect(20, 20, w - 40, 80)
    return canvas.toDataURL('image/png').split(',')[1]!
  }, width)
  return Buffer.from(base64, 'base64')
}

test('Attach file sends what the picker returns; a cancelled picker sends nothing', async ({ desktop }) => {
  const { page } = desktop
  const health = await watchPageHealth(page)
  await page.reload()
  await setUp(desktop)
  const agenda = join(dir, 'agenda.txt')
  const diagram = join(dir, 'diagram.png')
  await writeFile(agenda, '1. Engines\n2. Looms\n')
  await writeFile(diagram, await drawPng(page, 240))
  const messages = page.getByRole('list', { name: 'Messages' })

  desktop.main!.dialogs.nextPick = [agenda, diagram]
  await page.getByRole('button', { name: 'Attach file' }).click()
  const card = messages.getByRole('figure', { name: 'File agenda.txt' })
  await expect(card.getByRole('button', { name: 'Save as…' })).toBeVisible({ timeout: 20_000 })
  await expect(card).toContainText('20 B · TXT')
  const image = messages.getByRole('img', { name: 'diagram.png' })
  await expect(image).toBeVisible({ timeout: 20_000 })
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240)
  expect(desktop.main!.dialogs.asked).toEqual([{ kind: 'pick' }])
  await screenshotBothThemes(page, 'attach-picked')

  // Cancelling the picker: nothing is sent and nothing is said.
  await page.getByRole('button', { name: 'Attach file' }).click()
  await expect.poll(() => desktop.main!.dialogs.asked.length).toBe(2)
  await expect(messages.getByRole('figure')).toHaveCount(2)
  expect(await desktop.main!.invoke('outbox:list', 1)).toEqual({ ok: true, value: [] })
  await health.expectClean()
})

test('pasting an image sends the clipboard image; pasting text just pastes text', async ({ desktop }) => {
  const { page } = desktop
  await setUp(desktop)
  const png = await drawPng(page, 300)
  desktop.main!.clipboard.png = png
  const composer = page.getByRole('textbox', { name: 'Message' })
  const messages = page.getByRole('list', { name: 'Messages' })

  // The paste event carries the image's type; main reads the bytes from the OS clipboard.
  const handled = await composer.evaluate((element) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'image.png', { type: 'image/png' }))
    return !element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
  })
  expect(handled).toBe(true)
  const image = messages.getByRole('img', { name: /^Pasted image .*\.png$/ })
  await expect(image).toBeVisible({ timeout: 20_000 })
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(300)
  await expect(composer).toHaveValue('')
  await screenshotBothThemes(page, 'pasted-image')

  const textPasteHandled = await composer.evaluate((element) => {
    const transfer = new DataTransfer()
    transfer.setData('text/plain', 'just words')
    return !element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
  })
  expect(textPasteHandled).toBe(false)
  await expect(messages.getByRole('img', { name: /^Pasted image/ })).toHaveCount(1)
})
