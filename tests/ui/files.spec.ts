// Files: drag-and-drop with a visible drop target, a progress bar while uploading, then a
// file card (or an inline image) with Open and Save as…; Cancel while queued; the size
// limit told before anything is uploaded.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures/desktop-bridge'
import { openConversation, screenshotBothThemes, signIn, watchPageHealth } from './support/renderer'

let dir = ''
test.beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parley-ui-files-')) })
test.afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

/** Fires dragenter (+ optionally drop) with a DataTransfer holding a File of `size` bytes named `name`. */
async function dragFile(page: Page, name: string, size: number, type: string, drop: boolean): Promise<void> {
  const target = page.getByRole('region', { name: 'Bob Babbage' })
  const dataTransfer = await page.evaluateHandle(([fileName, bytes, mime]) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([new Uint8Array(bytes)], fileName, { type: mime }))
    return transfer
  }, [name, size, type] as const)
  await target.dispatchEvent('dragenter', { dataTransfer })
  await target.dispatchEvent('dragover', { dataTransfer })
  if (drop) await target.dispatchEvent('drop', { dataTransfer })
}

async function setUp(desktop: Parameters<Parameters<typeof test>[2]>[0]['desktop']) {
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  await desktop.server.admin.createConversation([ada.id, bob.id])
  await signIn(desktop.page, desktop.server, ada)
  await openConversation(desktop.page, 'Bob Babbage')
}

/** Records every value a progress bar in the page shows (uploads can be quick). */
async function recordProgress(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const seen: number[] = []
    ;(window as unknown as { __progress: number[] }).__progress = seen
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('progress')) seen.push(Number(bar.getAttribute('value')))
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] })
  })
  return () => page.evaluate(() => (window as unknown as { __progress: number[] }).__progress)
}

test('a dropped file uploads with progress and becomes a file card with Open and Save as…', async ({ desktop }) => {
  const { page } = desktop
  const health = await watchPageHealth(page)
  await page.reload()
  await setUp(desktop)
  const size = 12 * 1024 * 1024 // above the chunking threshold: progress comes chunk by chunk
  const path = join(dir, 'quarterly report.pdf')
  await writeFile(path, Buffer.alloc(size, 7))
  await desktop.registerFile(path)
  const progress = await recordProgress(page)

  await dragFile(page, 'quarterly report.pdf', size, 'application/pdf', false)
  await expect(page.getByText('Drop to send to Bob Babbage')).toBeVisible()
  await expect(page.getByText(/Up to .* per file/)).toBeVisible()
  await screenshotBothThemes(page, 'drop-target')
  await dragFile(page, 'quarterly report.pdf', size, 'application/pdf', true)
  await expect(page.getByText('Drop to send to Bob Babbage')).toBeHidden()

  const card = page.getByRole('list', { name: 'Messages' }).getByRole('figure', { name: 'File quarterly report.pdf' })
  await expect(card.getByRole('button', { name: 'Save as…' })).toBeVisible({ timeout: 30_000 })
  await expect(card).toContainText('12.0 MB · PDF')
  const seen = await progress()
  expect(seen.some((value) => value > 0 && value < 100)).toBe(true)

  desktop.main!.dialogs.nextSaveTarget = join(dir, 'saved.pdf')
  await card.getByRole('button', { name: 'Save as…' }).click()
  await expect.poll(async () => (await stat(join(dir, 'saved.pdf')).catch(() => null))?.size).toBe(size)
  await card.getByRole('button', { name: 'Open' }).click()
  await expect.poll(() => desktop.main!.shell.opened.length).toBe(1)
  await screenshotBothThemes(page, 'file-card')
  await health.expectClean()
})

test('a dropped image shows inline as a thumbnail', async ({ desktop }) => {
  const { page } = desktop
  await setUp(desktop)
  const png = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 320
    canvas.height = 200
    const context = canvas.getContext('2d')!
    const gradient = context.createLinearGradient(0, 0, 320, 200)
    gradient.addColorStop(0, '#4f6fd8')
    gradient.addColorStop(1, '#2f8f7a')
    context.fillStyle = gradient
    context.fillRect(0, 0, 320, 200)
    return canvas.toDataURL('image/png').split(',')[1]!
  })
  const bytes = Buffer.from(png, 'base64')
  const path = join(dir, 'sunset.png')
  await writeFile(path, bytes)
  await desktop.registerFile(path)
  await dragFile(page, 'sunset.png', bytes.length, 'image/png', true)
  const image = page.getByRole('list', { name: 'Messages' }).getByRole('img', { name: 'sunset.png' })
  await expect(image).toBeVisible({ timeout: 20_000 })
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320)
  expect(await readFile(path)).toEqual(bytes)
  // Through main's media handler (parley-media://, served by the harness at /parley-media/)…
  expect(await image.getAttribute('src')).toMatch(new RegExp(`/parley-media/server/127\\.0\\.0\\.1%3A${desktop.server.port}/media/chat_files/.+\\.png\\?exp=`))
  // …because the page itself may no longer load images from a server: its CSP says no.
  const directLoad = await page.evaluate((url) => new Promise<string>((resolve) => {
    document.addEventListener('securitypolicyviolation', (event) => resolve(`${event.violatedDirective} blocked`), { once: true })
    const probe = new Image()
    probe.onload = () => resolve('loaded')
    probe.src = url
  }), `${desktop.server.url}/media/chat_files/probe.png`)
  expect(directLoad).toBe('img-src blocked')
  await screenshotBothThemes(page, 'image-thumbnail')
})

test('an upload waiting for the server can be cancelled', async ({ desktop }) => {
  const { page, server } = desktop
  await setUp(desktop)
  const path = join(dir, 'notes.txt')
  await writeFile(path, 'meeting notes\n')
  await desktop.registerFile(path)
  await server.stop()
  await expect(page.getByText(/Reconnecting|Offline/).first()).toBeVisible({ timeout: 20_000 })
  await dragFile(page, 'notes.txt', 14, 'text/plain', true)
  const pending = page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'notes.txt' })
  await expect(pending.getByRole('progressbar', { name: 'Uploading notes.txt' })).toBeVisible()
  await screenshotBothThemes(page, 'upload-queued')
  await pending.getByRole('button', { name: 'Cancel' }).click()
  await expect(pending).toHaveCount(0)
  await server.start()
  await expect(page.getByText(/Reconnecting|Offline/)).toHaveCount(0, { timeout: 30_000 })
  await expect(page.getByRole('list', { name: 'Messages' }).getByText('notes.txt')).toHaveCount(0)
  expect(await desktop.main!.invoke('outbox:list', 1)).toEqual({ ok: true, value: [] })
})

test.describe('with a 1 MB limit', () => {
  test.use({ serverOptions: { limits: { maxFileBytes: 1024 * 1024 } } })

  test('a file over the limit is refused before uploading, in words', async ({ desktop }) => {
    const { page } = desktop
    await setUp(desktop)
    const path = join(dir, 'video.mp4')
    await writeFile(path, Buffer.alloc(3 * 1024 * 1024))
    await desktop.registerFile(path)
    await dragFile(page, 'video.mp4', 3 * 1024 * 1024, 'video/mp4', false)
    await expect(page.getByText('Up to 1.0 MB per file')).toBeVisible()
    await dragFile(page, 'video.mp4', 3 * 1024 * 1024, 'video/mp4', true)
    await expect(page.getByText('video.mp4 (3.0 MB) is larger than this server accepts: up to 1.0 MB per file.')).toBeVisible()
    await expect(page.getByRole('list', { name: 'Messages' }).getByText('video.mp4')).toHaveCount(0)
    expect(desktop.main!.events.filter((e) => e.event === 'upload-progress')).toEqual([])
  })
})
