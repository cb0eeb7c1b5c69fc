// The one main window: its options come from window-options.ts (sandboxed, isolated, our
// preload), its page from app://parley/ (renderer-protocol.ts) or the dev server. Closing it
// hides it to the tray when the user wants that (chat keeps arriving; the outbox keeps
// sending). Size, position and maximized state are remembered (window-state.ts).
import { BrowserWindow, screen } from 'electron'
import { join } from 'node:path'
import type { KeyValueBackend } from '../client/settings-store'
import { RENDERER_ENTRY_URL } from './renderer-protocol'
import { mainWindowOptions } from './window-options'
import { parseWindowState, restoreBounds, type SavedWindowState } from './window-state'

const WINDOW_STATE_KEY = 'windowState'
/** Moves and resizes come in bursts: save once they settle. */
const SAVE_DELAY_MS = 500

export interface WindowOptions {
  /** Reads the close-to-tray setting at the moment the window is closed. */
  closeToTray: () => boolean
  isQuitting: () => boolean
  onFocusChange: (focused: boolean) => void
  /** electron-vite's dev server, when developing (app/runtime-switches.ts). */
  devServerUrl: string | null
  icon: string
  store: KeyValueBackend
  /** Start hidden in the tray (opened at login). */
  startHidden: boolean
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const saved = parseWindowState(options.store.get(WINDOW_STATE_KEY))
  const displays = screen.getAllDisplays().map((d) => d.workArea)
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.cjs'), options.icon, restoreBounds(saved, displays)))
  if (saved?.maximized) window.maximize()
  window.once('ready-to-show', () => {
    if (!options.startHidden) window.show()
  })
  window.on('focus', () => options.onFocusChange(true))
  window.on('blur', () => options.onFocusChange(false))
  window.on('hide', () => options.onFocusChange(false))
  rememberState(window, options.store)
  window.on('close', (event) => {
    if (!options.isQuitting() && options.closeToTray()) {
      event.preventDefault()
      window.hide()
    }
  })
  void window.loadURL(options.devServerUrl ?? RENDERER_ENTRY_URL)
  return window
}

function rememberState(window: BrowserWindow, store: KeyValueBackend): void {
  let timer: NodeJS.Timeout | null = null
  const save = () => {
    timer = null
    if (window.isDestroyed() || window.isMinimized()) return
    // Normal bounds: a maximized window comes back maximized over its old normal size.
    const bounds = window.getNormalBounds()
    const state: SavedWindowState = { ...bounds, maximized: window.isMaximized() }
    store.set(WINDOW_STATE_KEY, state)
  }
  const later = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(save, SAVE_DELAY_MS)
  }
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event as 'resize', later)
  window.on('close', () => {
    if (timer) clearTimeout(timer)
    save()
  })
}

export function showWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
