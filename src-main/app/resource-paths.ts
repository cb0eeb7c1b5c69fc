// Where the icons of resources/ are at run time: copied next to app.asar by electron-builder's
// extraResources in a packaged app (electron-builder.ts), the repository's resources/ folder
// otherwise. Pure, so tests can check that every file named here exists.
import { join } from 'node:path'

export type TrayPanel = 'light-panel' | 'dark-panel'

export interface ResourceLocation {
  isPackaged: boolean
  /** process.resourcesPath in a packaged app. */
  resourcesPath: string
  /** app.getAppPath(): the project root when unpackaged. */
  appPath: string
}

export function resourcesDir(location: ResourceLocation): string {
  return location.isPackaged ? location.resourcesPath : join(location.appPath, 'resources')
}

/** The window and About icon (1024 px; the OS scales it). */
export const appIconFile = (dir: string): string => join(dir, 'icon.png')
export const notificationIconFile = (dir: string): string => join(dir, 'notification.png')

/**
 * The tray image for this platform. macOS takes a template image (black with alpha, tinted
 * by the menu bar itself); elsewhere the glyph must contrast with the panel, which Electron
 * cannot see, so the OS's dark-mode setting is the best guess. nativeImage picks up the
 * @2x file beside the named one on high-density screens.
 */
export function trayIconFile(dir: string, platform: NodeJS.Platform, panel: TrayPanel, unread: boolean): string {
  const state = unread ? '-unread' : ''
  const name = platform === 'darwin' ? `tray${state}Template.png` : `tray-${panel}${state}.png`
  return join(dir, 'tray', name)
}
