// The one main window: contextIsolation + sandbox, our preload, our page. Closing it hides
// it to the tray when the user wants that (chat keeps arriving; the outbox keeps sending).
import { BrowserWindow } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface WindowOptions {
  /** Reads the close-to-tray setting at the moment the window is closed. */
  closeToTray: () => boolean
  isQuitting: () => boolean
  onFocusChange: (focused: boolean) => void
}

export const rendererFile = (): string => join(__dirname, '../renderer/index.html')
export const rendererFileUrl = (): string => pathToFileURL(rendererFile()).href

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    title: 'Parley',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  })
  window.once('ready-to-show', () => window.show())
  window.on('focus', () => options.onFocusChange(true))
  window.on('blur', () => options.onFocusChange(false))
  window.on('hide', () => options.onFocusChange(false))
  window.on('close', (event) => {
    if (!options.isQuitting() && options.closeToTray()) {
      event.preventDefault()
      window.hide()
    }
  })
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void window.loadFile(rendererFile())
  return window
}

export function showWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
