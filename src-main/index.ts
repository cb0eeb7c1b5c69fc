// Electron entry: wires the Electron adapters (src-main/app) to the Electron-free IPC stack
// (src-main/ipc/main-ipc.ts) and owns the app's lifecycle. Everything else lives in the
// modules named after their concern.
import { app, BrowserWindow, dialog, nativeTheme, powerMonitor } from 'electron'
import ElectronStore from 'electron-store'
import { join } from 'node:path'
import { createChatClient } from '../src-shared/client'
import type { OsSurfaces } from './client/attention'
import { createElectronSecretStore } from './app/electron-secrets'
import { createOsRecorder } from './client/os-recorder'
import type { KeyValueBackend } from './client/settings-store'
import { createDialogs, electronClipboard, electronShell } from './app/electron-services'
import { startLocalServer } from './app/local-server'
import { installMenu } from './app/menu'
import { electronSqliteBinding } from './app/native-binding'
import { createOsSurfaces } from './app/os-surfaces'
import { installSecurityPolicies } from './app/security'
import { createTray } from './app/tray'
import { createMainWindow, rendererFileUrl, showWindow } from './app/window'
import { createElectronHost, type ElectronHost } from './host/electron-host'
import { createMainIpc, type MainIpc } from './ipc/main-ipc'
import { registerIpc } from './ipc/register'
import type { RunningParleyServer } from './server/server'

// Tests and portable installs point the app at their own folder; set before 'ready'.
if (process.env.PARLEY_DATA_DIR) app.setPath('userData', process.env.PARLEY_DATA_DIR)
const isDev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL)

let window: BrowserWindow | null = null
let ipc: MainIpc | null = null
let localServer: RunningParleyServer | null = null
let lanHost: ElectronHost | null = null
let quitting = false

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => showWindow(window))
  void app.whenReady().then(start).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error)
    console.error('Parley failed to start:', reason)
    // Most likely a damaged install (e.g. the SQLite addon for another Electron version).
    dialog.showErrorBox('Parley could not start', `${reason}\n\nReinstalling Parley usually fixes this.`)
    app.exit(1)
  })
}

async function start(): Promise<void> {
  installSecurityPolicies()
  installMenu(isDev)
  const dataDir = app.getPath('userData')
  const store = new ElectronStore({ name: 'settings' }) as unknown as KeyValueBackend
  const nativeBinding = electronSqliteBinding()
  const secrets = await createElectronSecretStore(dataDir)
  const getWindow = () => (window && !window.isDestroyed() ? window : null)

  let reopenWindow: () => void = () => showWindow(getWindow())
  const tray = createTray({ show: () => (getWindow() ? showWindow(getWindow()) : reopenWindow()), quit: () => app.quit() })
  let surfaces: OsSurfaces = createOsSurfaces(tray, getWindow)
  if (process.env.PARLEY_E2E === '1') {
    const recorder = createOsRecorder(surfaces)
    ;(globalThis as { __parleyE2E?: unknown }).__parleyE2E = { surfaces: recorder }
    surfaces = recorder
  }

  // LAN hosting (src-main/host): the embedded server in a utilityProcess, on the network the
  // user chose. It replaces the loopback-only local server: both keep their data in <userData>/server.
  const host = (lanHost = createElectronHost({
    userData: dataDir,
    settings: store,
    secrets,
    nativeBinding,
    emit: (event, payload) => getWindow()?.webContents.send(event, payload),
    beforeStart: async () => {
      await localServer?.close()
      localServer = null
    },
    log: (level, event, fields) => console.warn(`[parley] ${level} ${event}`, fields ?? {}),
  }))

  if (process.env.PARLEY_NO_EMBEDDED_SERVER !== '1' && !host.controller.enabled && wantsLocalServer(store)) {
    localServer = await startLocalServer(dataDir, store, nativeBinding).catch((error: unknown) => {
      console.error('The local Parley server could not start:', error instanceof Error ? error.message : error)
      return null
    })
  }

  ipc = await createMainIpc({
    paths: { data: dataDir, cache: join(dataDir, 'file-cache') },
    secrets,
    settingsBackend: store,
    surfaces,
    dialogs: createDialogs(getWindow),
    shell: electronShell,
    clipboard: electronClipboard,
    emit: (event, payload) => {
      // A clicked notification brings the window up before the UI switches conversation.
      if (event === 'open-conversation') showWindow(getWindow())
      getWindow()?.webContents.send(event, payload)
    },
    appInfo: () => ({ version: app.getVersion(), platform: process.platform, localServerUrl: localServer?.url ?? null }),
    createEngine: createChatClient,
    host: host.handlers,
    ...(nativeBinding ? { nativeBinding } : {}),
    onSettingsChanged: (settings) => (nativeTheme.themeSource = settings.theme),
    log: (level, event, fields) => {
      if (level === 'warn' || level === 'error') console.warn(`[parley] ${event}`, fields ?? {})
    },
  })
  const mainIpc = ipc
  host.controller.signInHost = async (credentials, resumed) => {
    // Restarted with the app: keep whatever session the user already had.
    if (resumed && mainIpc.runtime.sessionInfo()) return
    await mainIpc.runtime.signIn(credentials)
  }
  void host.controller.resumeIfEnabled()
  nativeTheme.themeSource = mainIpc.settings.settings().theme
  registerIpc(mainIpc.dispatch, getWindow, {
    rendererFileUrl: rendererFileUrl(),
    ...(process.env.ELECTRON_RENDERER_URL ? { devServerUrl: process.env.ELECTRON_RENDERER_URL } : {}),
  })

  const withEngine = (action: (engine: ReturnType<MainIpc['runtime']['engine']>) => void) => {
    if (mainIpc.runtime.sessionInfo()) action(mainIpc.runtime.engine())
  }
  powerMonitor.on('suspend', () => withEngine((engine) => engine.networkDown()))
  powerMonitor.on('resume', () => withEngine((engine) => engine.resumed()))

  const openWindow = () => {
    window = createMainWindow({
      closeToTray: () => mainIpc.settings.settings().closeToTray,
      isQuitting: () => quitting,
      onFocusChange: (focused) => mainIpc.setFocused(focused),
    })
    window.on('closed', () => (window = null))
  }
  reopenWindow = openWindow
  openWindow()
  app.on('activate', () => (getWindow() ? showWindow(getWindow()) : openWindow()))
}

/** Host the embedded server when nothing else is configured, or an account uses it. */
function wantsLocalServer(store: KeyValueBackend): boolean {
  const accounts = store.get('accounts')
  if (!Array.isArray(accounts) || accounts.length === 0) return true
  const port = store.get('localServerPort')
  return typeof port === 'number' && accounts.some((a: { server?: unknown }) => a.server === `http://127.0.0.1:${port}`)
}

app.on('before-quit', () => {
  quitting = true
})

let shutdownDone = false
app.on('will-quit', (event) => {
  if (shutdownDone) return
  // Flush the outbox and close sockets and databases before the process goes away.
  event.preventDefault()
  void Promise.allSettled([ipc?.close(), localServer?.close(), lanHost?.close()]).then(() => {
    shutdownDone = true
    app.quit()
  })
})

app.on('window-all-closed', () => {
  // With close-to-tray the window only hides; reaching here means the user really closed it.
  // While hosting, others depend on this computer: keep serving from the tray.
  if (process.platform !== 'darwin' && !lanHost?.controller.running) app.quit()
})
