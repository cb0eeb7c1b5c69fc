// A Parley window that hosts: the built renderer in Chromium with `window.parley` backed by
// the real main-process IPC stack (src-main/ipc) AND the real LAN host (HostController with
// the server process forked by Node, serving out/renderer to browsers). The same bridge
// the desktop-bridge fixture installs, so the host panel is driven exactly as in the app.
import { expect, type Browser, type Locator, type Page } from '@playwright/test'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createChatClient } from '../../../src-shared/client'
import { joinLink } from '../../../src-shared/protocol/fingerprint'
import type { EventChannel, EventPayloads } from '../../../src-shared/ipc/contract'
import { createOsRecorder } from '../../../src-main/client/os-recorder'
import { createFileSecretStore, plaintextTestCipher } from '../../../src-main/client/secret-store'
import type { KeyValueBackend } from '../../../src-main/client/settings-store'
import { createDiscoveryService } from '../../../src-main/host/discovery-service'
import { HostController } from '../../../src-main/host/host-controller'
import { createHostHandlers } from '../../../src-main/host/host-handlers'
import type { ChildHandle } from '../../../src-main/host/host-process'
import { nodeLauncher } from '../../../src-main/host/node-launcher'
import type { RestartPolicy } from '../../../src-main/host/supervisor'
import { createMainIpc, type MainIpc } from '../../../src-main/ipc/main-ipc'
import { makeTempDir, removeDir } from '../../client/support/test-services'
import { installBridge } from '../../ui/fixtures/desktop-bridge'
import { serveStatic } from '../../ui/fixtures/static-server'
import { SERVER_PROCESS_ENTRY } from '../support'

const projectRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)))
export const RENDERER_ROOT = join(projectRoot, 'out', 'renderer')

export interface HostWindow {
  page: Page
  ipc: MainIpc
  controller: HostController
  /** kill -9 of the server process now running (the supervisor's business from there). */
  crashServer(): void
  close(): Promise<void>
}

function memorySettings(): KeyValueBackend {
  const values = new Map<string, unknown>()
  return { get: (k) => values.get(k), set: (k, v) => void values.set(k, v), delete: (k) => void values.delete(k) }
}

export async function openHostWindow(browser: Browser, options: { restartPolicy?: RestartPolicy } = {}): Promise<HostWindow> {
  const dataDir = await makeTempDir('parley-ui-host-')
  const context = await browser.newContext()
  const page = await context.newPage()
  const secrets = createFileSecretStore(join(dataDir, 'secrets.json'), plaintextTestCipher)
  const settings = memorySettings()
  const emit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => {
    page.evaluate(([name, data]) => (window as unknown as { __parleyEmit?(e: string, p: unknown): void }).__parleyEmit?.(name, data), [event, payload] as const)
      .catch(() => {}) // the page may be navigating or closed
  }
  const launch = nodeLauncher(SERVER_PROCESS_ENTRY)
  const children: ChildHandle[] = []
  const controller = new HostController({
    launch: () => {
      const child = launch()
      children.push(child)
      return child
    },
    ...(options.restartPolicy ? { restartPolicy: options.restartPolicy } : {}),
    dataDir: join(dataDir, 'server'),
    webRoot: RENDERER_ROOT,
    nativeBinding: null,
    secrets,
    settings,
    emit: (status) => emit('host-status', status),
  })
  const discovery = createDiscoveryService((hosts) => emit('hosts-discovered', hosts))
  const ipc = await createMainIpc({
    paths: { data: join(dataDir, 'data'), cache: join(dataDir, 'cache') },
    secrets,
    settingsBackend: settings,
    surfaces: createOsRecorder(),
    dialogs: { pickFiles: async () => [], saveAs: async () => null, confirmOpenRisky: async () => false },
    shell: { openPath: async () => '', openExternal: async () => {} },
    clipboard: { readImagePng: async () => null },
    emit,
    appInfo: () => ({ version: 'test', platform: process.platform, localServerUrl: null }),
    createEngine: createChatClient,
    host: createHostHandlers(controller, discovery),
  })
  const site = await serveStatic(RENDERER_ROOT, { media: ipc.media })
  controller.signInHost = async (credentials, _resumed, fingerprint) => {
    await ipc.runtime.signIn({ ...credentials, server: joinLink(credentials.server, fingerprint) })
  }
  await page.exposeBinding('__parleyInvoke', async (_source, channel: unknown, args: unknown) => ipc.dispatch(channel, Array.isArray(args) ? args : []))
  await page.addInitScript(installBridge)
  await page.goto(`${site.url}/index.html`)
  return {
    page,
    ipc,
    controller,
    crashServer: () => process.kill(children.at(-1)!.pid!, 'SIGKILL'),
    async close() {
      await context.close()
      await ipc.close()
      await controller.shutdown()
      await discovery.close()
      await site.close()
      await removeDir(dataDir)
    },
  }
}

/** Starts hosting from the host panel (port picked by the system); resolves with the panel once it says "Hosting". */
export async function startHostingFromPanel(page: Page, choice: { network: string; name: string; registration?: string }): Promise<Locator> {
  await page.getByRole('button', { name: 'Host on this computer' }).click()
  const panel = page.getByRole('dialog', { name: 'Host on this computer' })
  await panel.getByLabel('Network').selectOption(choice.network)
  await panel.getByLabel('Port').fill('0')
  await panel.getByLabel('Server name').fill(choice.name)
  if (choice.registration) await panel.getByLabel('New accounts').selectOption(choice.registration)
  await panel.getByRole('button', { name: 'Start hosting' }).click()
  await expect(panel.getByRole('status').filter({ hasText: `Hosting “${choice.name}”` })).toBeVisible({ timeout: 30_000 })
  return panel
}
