// Helpers for the renderer specs: sign in through the real form, open a second Parley
// window (its own main side, data folder and browser context) for the other person in a
// conversation, check a screen in light and dark (axe and a screenshot), and watch for
// CSP violations.
import AxeBuilder from '@axe-core/playwright'
import { expect, type Browser, type Page } from '@playwright/test'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from '../../client/support/test-services'
import type { EmbeddedServer } from '../../client/support/embedded-server'
import { forwardEvents, installBridge, type DesktopApp, type TestAccount } from '../fixtures/desktop-bridge'
import { serveStatic } from '../fixtures/static-server'

const projectRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)))
const screensDir = join(projectRoot, 'test-results', 'screens')

export async function signIn(page: Page, server: EmbeddedServer, account: Pick<TestAccount, 'email' | 'password'>): Promise<void> {
  await page.getByLabel('Server').fill(server.url)
  await page.getByLabel('Email').fill(account.email)
  await page.getByLabel('Password').fill(account.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible()
}

export async function openConversation(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(title) }).click()
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible()
}

/**
 * Checks a screen in light and dark: axe-core must find no serious or critical violation
 * (a button found by its name can still be white on white), and `<name>-light.png` and
 * `<name>-dark.png` are saved under test-results/screens for a person to look at.
 */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  const problems: string[] = []
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: join(screensDir, `${name}-${colorScheme}.png`) })
    problems.push(...(await accessibilityProblems(page)).map((problem) => `${colorScheme}: ${problem}`))
  }
  await page.emulateMedia({ colorScheme: 'light' })
  expect(problems, `axe on the '${name}' screen`).toEqual([])
}

/**
 * Serious and critical axe-core violations on the page as it is now, one line per element,
 * and text drawn in its background's own colour: axe files a 1:1 ratio under "needs
 * review" (it might be hidden on purpose), which is how a white-on-white button passed.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Wait for transitions (theme colours, the typing dots) to settle before sampling colours.
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))))
  const { violations, incomplete } = await new AxeBuilder({ page }).analyze()
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) =>
      `${violation.id} (${violation.impact}) at ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? violation.help}`))
  const invisible = incomplete
    .filter((result) => result.id === 'color-contrast')
    .flatMap((result) => result.nodes)
    .filter((node) => node.any.some((check) => (check.data as { messageKey?: string } | null)?.messageKey === 'equalRatio'))
    .map((node) => `color-contrast (1:1, unreadable) at ${node.target.join(' ')}: text the same colour as its background`)
  return [...serious, ...invisible]
}

/** Records CSP violations and uncaught errors; call `expectClean()` at the end of a spec. */
export async function watchPageHealth(page: Page): Promise<{ expectClean(): Promise<void> }> {
  const problems: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __cspViolations: string[] }).__cspViolations = seen
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`))
  })
  return {
    async expectClean() {
      const violations = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
      expect([...problems, ...violations]).toEqual([])
    },
  }
}

export interface PeerWindow {
  page: Page
  main: TestMainProcess
  close(): Promise<void>
}

/**
 * Another person's Parley: a separate browser context over its own main-process side, the
 * same way the desktop-bridge fixture builds the first window.
 */
export async function openPeerWindow(browser: Browser): Promise<PeerWindow> {
  const dataDir = await makeTempDir('parley-ui-peer-')
  const main = await startTestMainProcess({ dataDir })
  const site = await serveStatic(join(projectRoot, 'out', 'renderer'), { media: main.ipc.media })
  const context = await browser.newContext()
  const page = await context.newPage()
  const stopForwarding = forwardEvents(page, main)
  await page.exposeBinding('__parleyInvoke', async (_source, channel: unknown, args: unknown) =>
    main.invoke(channel as string, ...(Array.isArray(args) ? args : [])))
  await page.addInitScript(installBridge)
  await page.goto(`${site.url}/index.html`)
  return {
    page,
    main,
    async close() {
      stopForwarding()
      await context.close()
      await main.stop()
      await site.close()
      await removeDir(dataDir)
    },
  }
}

/**
 * Ada in this window with `adaViews` open, Bob in a second window with Ada's conversation
 * open; `others` are more people Ada has a conversation with.
 */
export async function adaAndBob(desktop: DesktopApp, browser: Browser, adaViews: string, others: string[] = []): Promise<PeerWindow> {
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob Babbage' })
  for (const person of [bob, ...(await Promise.all(others.map((fullName) => desktop.createUser({ fullName }))))]) {
    await desktop.server.admin.createConversation([ada.id, person.id])
  }
  const peer = await openPeerWindow(browser)
  try {
    await signIn(desktop.page, desktop.server, ada)
    await openConversation(desktop.page, adaViews)
    await signIn(peer.page, desktop.server, bob)
    await openConversation(peer.page, 'Ada Lovelace')
    return peer
  } catch (error) {
    await peer.close()
    throw error
  }
}
