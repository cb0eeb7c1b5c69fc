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
import { installMenu } from './app/menu'
import { electronSqliteBinding } from './app/native-binding'
import { createOsSurfaces } from './app/os-surfaces'
import { handleAppScheme, handleMediaScheme, registerPrivilegedSchemes } from './app/schemes'
import { installSecurityPolicies } from './app/security'
import { RENDERER_ORIGIN } from './app/renderer-protocol'
import { appIconFile, notificationIconFile, resourcesDir } from './app/resource-paths'
import { readRuntimeSwitches } from './app/runtime-switches'
import { joinLinkFromAppLink, joinLinkFromArgv, URL_SCHEME } from './app/join-link'
import { createLoginItem, openedAtLogin } from './app/login-item'
import { createTray } from './app/tray'
import { createMainWindow, showWindow } from './app/window'
import { createElectronHost, type ElectronHost } from './host/electron-host'
import { createMainIpc, type MainIpc } from './ipc/main-ipc'
import { registerIpc } from './ipc/register'
import { readHostSettings } from './host/host-settings'
import { joinLink } from '../src-shared/protocol/fingerprint'

// Development and test switches; a packaged app ignores them (app/runtime-switches.ts).
const switches = readRuntimeSwitches(app.isPackaged, process.env)
// Tests and portable installs point the app at their own folder; set before 'ready'.
if (switches.dataDir) app.setPath('userData', switches.dataDir)
const isDev = switches.rendererDevUrl !== null
const resources = resourcesDir({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() })
registerPrivilegedSchemes()

let window: BrowserWindow | null = null
let ipc: MainIpc | null = null
let lanHost: ElectronHost | null = null
let quitting = false
/** The join link of the `parley:` link the app was opened with, until the UI takes it. */
let pendingJoinLink: string | null = joinLinkFromArgv(process.argv)

/** A `parley:` link while running: the window comes up and the sign-in screen takes it. */
function receiveJoinLink(joinLink: string | null): void {
  if (!joinLink) return
  pendingJoinLink = joinLink
  showWindow(window)
  window?.webContents.send('join-link', { url: joinLink })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // A second launch focuses this one; Windows and Linux hand a clicked parley: link over here.
  app.on('second-instance', (_event, argv) => {
    showWindow(window)
    receiveJoinLink(joinLinkFromArgv(argv))
  })
  // macOS delivers parley: links as events, possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    receiveJoinLink(joinLinkFromAppLink(url))
  })
  // Only an installed app registers itself: in development it would register the bare Electron binary.
  if (app.isPackaged) app.setAsDefaultProtocolClient(URL_SCHEME)
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
  handleAppScheme(join(__dirname, '../renderer'))
  installMenu(isDev, appIconFile(resources))
  const dataDir = app.getPath('userData')
  const store = new ElectronStore({ name: 'settings' }) as unknown as KeyValueBackend
  const nativeBinding = electronSqliteBinding()
  const secrets = await createElectronSecretStore(dataDir, switches.insecureTestSecrets)
  const getWindow = () => (window && !window.isDestroyed() ? window : null)

  let reopenWindow: () => void = () => showWindow(getWindow())
  const tray = createTray(resources, { show: () => (getWindow() ? showWindow(getWindow()) : reopenWindow()), quit: () => app.quit() })
  let surfaces: OsSurfaces = createOsSurfaces(tray, getWindow, notificationIconFile(resources))
  if (switches.e2eHooks) {
    const recorder = createOsRecorder(surfaces)
    ;(globalThis as { __parleyE2E?: unknown }).__parleyE2E = { surfaces: recorder }
    surfaces = recorder
  }

  // The app's one server (src-main/host): the embedded server in a supervised utilityProcess,
  // for this computer only (loopback, not advertised) or hosting on the network the user
  // chose; the same data in <userData>/server either way.
  const host = (lanHost = createElectronHost({
    userData: dataDir,
    settings: store,
    secrets,
    nativeBinding,
    emit: (event, payload) => getWindow()?.webContents.send(event, payload),
    wantsThisComputerOnly: () => wantsThisComputerOnly(store),
    loginItem: createLoginItem(),
    log: (level, event, fields) => console.warn(`[parley] ${level} ${event}`, fields ?? {}),
  }))

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
    appInfo: () => ({ version: app.getVersion(), platform: process.platform, localServerUrl: host.controller.ownServerUrl() }),
    takeJoinLink: () => {
      const joinLink = pendingJoinLink
      pendingJoinLink = null
      return joinLink
    },
    createEngine: createChatClient,
    host: host.handlers,
    ...(nativeBinding ? { nativeBinding } : {}),
    onSettingsChanged: (settings) => (nativeTheme.themeSource = settings.theme),
    log: (level, event, fields) => {
      if (level === 'warn' || level === 'error') console.warn(`[parley] ${event}`, fields ?? {})
    },
  })
  const mainIpc = ipc
  // Before the window opens: its images are parley-media:// URLs answered through main.
  handleMediaScheme(mainIpc.media)
  host.controller.signInHost = async (credentials, resumed, fingerprint) => {
    // Restarted with the app: keep whatever session the user already had.
    if (resumed && mainIpc.runtime.sessionInfo()) return
    // As a join link: the certificate this app's own server made is trusted when it matches.
    await mainIpc.runtime.signIn({ ...credentials, server: joinLink(credentials.server, fingerprint) })
  }
  // Hosting resumes in the background (it signs in when ready); the server for this computer
  // only is up before the window asks where it is (the sign-in screen fills it in).
  if (host.controller.enabled) void host.controller.startForApp()
  else await host.controller.startForApp()
  nativeTheme.themeSource = mainIpc.settings.settings().theme
  registerIpc(mainIpc.dispatch, getWindow, {
    rendererOrigin: RENDERER_ORIGIN,
    ...(switches.rendererDevUrl ? { devServerUrl: switches.rendererDevUrl } : {}),
  })

  const withEngine = (action: (engine: ReturnType<MainIpc['runtime']['engine']>) => void) => {
    if (mainIpc.runtime.sessionInfo()) action(mainIpc.runtime.engine())
  }
  powerMonitor.on('suspend', () => withEngine((engine) => engine.networkDown()))
  powerMonitor.on('resume', () => withEngine((engine) => engine.resumed()))

  // Opened at login to keep hosting: the first window stays in the tray until the user opens it.
  let startHidden = openedAtLogin(process.argv) && pendingJoinLink === null
  const openWindow = () => {
    window = createMainWindow({
      closeToTray: () => mainIpc.settings.settings().closeToTray,
      isQuitting: () => quitting,
      onFocusChange: (focused) => mainIpc.setFocused(focused),
      devServerUrl: switches.rendererDevUrl,
      icon: appIconFile(resources),
      store,
      startHidden,
    })
    startHidden = false
    window.on('closed', () => (window = null))
  }
  reopenWindow = openWindow
  openWindow()
  app.on('activate', () => (getWindow() ? showWindow(getWindow()) : openWindow()))
}

/** Serve this computer when nothing else is configured, or an account uses that server. */
function wantsThisComputerOnly(store: KeyValueBackend): boolean {
  if (switches.noEmbeddedServer) return false
  const accounts = store.get('accounts')
  if (!Array.isArray(accounts) || accounts.length === 0) return true
  const port = readHostSettings(store).localPort
  return port !== null && accounts.some((a: { server?: unknown }) => a.server === `http://127.0.0.1:${port}`)
}

app.on('before-quit', () => {
  quitting = true
})

let shutdownDone = false
app.on('will-quit', (event) => {
  if (shutdownDone) return
  // Flush the outbox and close sockets and databases before the process goes away.
  event.preventDefault()
  void Promise.allSettled([ipc?.close(), lanHost?.close()]).then(() => {
    shutdownDone = true
    app.quit()
  })
})

app.on('window-all-closed', () => {
  // With close-to-tray the window only hides; reaching here means the user really closed it.
  // While hosting, others depend on this computer: keep serving from the tray.
  if (process.platform !== 'darwin' && !lanHost?.controller.hosting) app.quit()
})
