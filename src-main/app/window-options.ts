// The options of every window Parley opens, as pure data so a unit test can assert each
// one's webPreferences (tests/app/window-options.test.ts): a window added later cannot
// quietly come without the sandbox.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'

/** What every Parley window's page runs with: isolated, sandboxed, no Node, no remote content. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  }
}

export interface Bounds {
  x?: number
  y?: number
  width: number
  height: number
}

export const MAIN_WINDOW_DEFAULT_SIZE = { width: 1100, height: 760 } as const
export const MAIN_WINDOW_MIN_SIZE = { width: 720, height: 480 } as const

export function mainWindowOptions(preload: string, icon: string, bounds: Bounds): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MAIN_WINDOW_MIN_SIZE.width,
    minHeight: MAIN_WINDOW_MIN_SIZE.height,
    title: 'Parley',
    icon,
    show: false,
    webPreferences: secureWebPreferences(preload),
  }
}
