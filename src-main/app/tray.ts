// Tray icon: shows whether anything is unread, opens the window, quits. Created once. Its
// images come from resources/tray (scripts/make-icons.mjs derives them from tray.svg).
import { Menu, nativeImage, nativeTheme, Tray, type NativeImage } from 'electron'
import { trayIconFile } from './resource-paths'

export interface AppTray {
  setUnread(total: number): void
  unreadImage(): NativeImage
  destroy(): void
}

export function createTray(resources: string, actions: { show(): void; quit(): void }): AppTray {
  const image = (unread: boolean): NativeImage => {
    const panel = nativeTheme.shouldUseDarkColors ? 'dark-panel' : 'light-panel'
    return nativeImage.createFromPath(trayIconFile(resources, process.platform, panel, unread))
  }
  let unread = 0
  const tray = new Tray(image(false))
  tray.setToolTip('Parley')
  tray.setContextMenu(Menu.buildFromTemplate([
    { label: 'Open Parley', click: actions.show },
    { type: 'separator' },
    { label: 'Quit Parley', click: actions.quit },
  ]))
  tray.on('click', actions.show)
  // The panel follows the system theme on most desktops: redraw with the matching glyph.
  const onThemeChange = () => tray.setImage(image(unread > 0))
  nativeTheme.on('updated', onThemeChange)
  return {
    setUnread(total) {
      unread = total
      tray.setImage(image(total > 0))
      tray.setToolTip(total > 0 ? `Parley — ${total} unread` : 'Parley')
    },
    unreadImage: () => image(true),
    destroy: () => {
      nativeTheme.off('updated', onThemeChange)
      tray.destroy()
    },
  }
}
