// The host panel while main's supervisor deals with a crashed server process (killed with
// SIGKILL): "Server restarting…" with the reason in words, back to "Hosting" on its own,
// and "Server stopped after repeated crashes" once it gives up.
import AxeBuilder from '@axe-core/playwright'
import { test, expect } from './fixtures/desktop-bridge'
import { screenshotBothThemes } from './support/renderer'
import { openHostWindow, startHostingFromPanel } from '../host/support/host-window'

test('the host panel says when the server restarts after a crash, and when it stopped trying', async ({ browser }) => {
  test.setTimeout(120_000)
  // Two quick crashes in a row and the supervisor gives up; 3 s before a restart (time to look at the panel).
  const host = await openHostWindow(browser, { restartPolicy: { backoff: { baseMs: 3000, capMs: 3000 }, stableMs: 60_000, maxQuickCrashes: 2 } })
  try {
    const page = host.page
    const panel = await startHostingFromPanel(page, { network: '127.0.0.1', name: 'Workshop' })
    const hosting = panel.getByRole('status').filter({ hasText: 'Hosting “Workshop”' })

    host.crashServer()
    await expect(panel.getByRole('status').filter({ hasText: 'Server restarting…' })).toBeVisible()
    await expect(panel).toContainText('The server stopped unexpectedly. Restarting it in 3 s (try 1 of 1); people reconnect by themselves.')
    await expect(panel.getByRole('button', { name: 'Stop hosting' })).toBeVisible()
    expect((await new AxeBuilder({ page }).include('.host-panel').analyze()).violations).toEqual([])
    await screenshotBothThemes(page, 'host-restarting')
    await expect(hosting).toBeVisible({ timeout: 30_000 })

    host.crashServer()
    await expect(panel.getByRole('alert')).toContainText('Server stopped after repeated crashes (2 in a row', { timeout: 30_000 })
    await expect(panel.getByRole('button', { name: 'Start hosting' })).toBeVisible()
    expect((await new AxeBuilder({ page }).include('.host-panel').analyze()).violations).toEqual([])
    await screenshotBothThemes(page, 'host-gave-up')
  } finally {
    await host.close()
  }
})
