// LAN hosting wired for the Electron app: the server process in a utilityProcess from the
// built out/main/server-process.js, the built renderer served to browsers, data in the
// app's data folder, the host's secret in the app's secret store.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { EventChannel, EventPayloads } from '../../src-shared/ipc/contract'
import type { SecretStore } from '../client/secret-store'
import type { KeyValueBackend } from '../client/settings-store'
import type { HostHandlers } from '../ipc/handlers'
import { createDiscoveryService, type DiscoveryService } from './discovery-service'
import { electronLauncher } from '../app/electron-launcher'
import { HostController, type LoginItem } from './host-controller'
import { createHostHandlers } from './host-handlers'

export interface ElectronHostOptions {
  /** app.getPath('userData'); the server keeps its data in <userData>/server. */
  userData: string
  settings: KeyValueBackend
  secrets: SecretStore
  nativeBinding: string | undefined
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void
  /** Whether the app needs its server for this computer when not hosting (host-controller.ts). */
  wantsThisComputerOnly?: () => boolean
  /** The OS's open-at-login switch (app/login-item.ts). */
  loginItem?: LoginItem
  log?: (level: 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>) => void
}

export interface ElectronHost {
  controller: HostController
  discovery: DiscoveryService
  handlers: HostHandlers
  close(): Promise<void>
}

export function createElectronHost(options: ElectronHostOptions): ElectronHost {
  // Next to out/main/index.js in a build (electron.vite.config.ts: 'server-process' input).
  const entry = join(__dirname, 'server-process.js')
  const renderer = join(__dirname, '../renderer')
  const controller = new HostController({
    launch: electronLauncher(entry),
    dataDir: join(options.userData, 'server'),
    webRoot: existsSync(join(renderer, 'index.html')) ? renderer : null,
    nativeBinding: options.nativeBinding ?? null,
    secrets: options.secrets,
    settings: options.settings,
    emit: (status) => options.emit('host-status', status),
    ...(options.wantsThisComputerOnly ? { wantsThisComputerOnly: options.wantsThisComputerOnly } : {}),
    ...(options.loginItem ? { loginItem: options.loginItem } : {}),
    ...(options.log ? { log: options.log } : {}),
  })
  const discovery = createDiscoveryService((hosts) => options.emit('hosts-discovered', hosts), (event) => options.log?.('warn', event))
  return {
    controller,
    discovery,
    handlers: createHostHandlers(controller, discovery),
    async close() {
      await Promise.allSettled([controller.shutdown(), discovery.close()])
    },
  }
}
