// "Open Parley at login" for a host: the app starts hidden in the tray and hosting resumes.
// macOS and Windows keep the setting themselves (app.setLoginItemSettings); Linux has no
// such API in Electron, so it is the XDG autostart entry every desktop reads
// (~/.config/autostart/parley.desktop; its text: autostart-entry.ts).
import { app } from 'electron'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { LoginItem } from '../host/host-controller'
import { autostartEntry, OPENED_AT_LOGIN_ARG } from './autostart-entry'

export function createLoginItem(): LoginItem {
  if (process.platform !== 'linux') {
    return {
      enabled: () => app.getLoginItemSettings().openAtLogin,
      set: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args: [OPENED_AT_LOGIN_ARG] }),
    }
  }
  const folder = join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart')
  const file = join(folder, 'parley.desktop')
  // An AppImage runs from a temporary mount: the entry must name the AppImage itself.
  const executable = process.env.APPIMAGE || process.execPath
  return {
    enabled: () => existsSync(file),
    set: (enabled) => {
      if (!enabled) return rmSync(file, { force: true })
      mkdirSync(folder, { recursive: true })
      writeFileSync(file, autostartEntry(executable), { mode: 0o644 })
    },
  }
}

/** Whether this start came from the login item (then the window stays in the tray). */
export function openedAtLogin(argv: readonly string[]): boolean {
  return argv.includes(OPENED_AT_LOGIN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin)
}
