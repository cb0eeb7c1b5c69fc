// Tray icon: shows whether anything is unread, opens the window, quits. Created once.
import { Menu, nativeImage, Tray, type NativeImage } from 'electron'
import { drawTrayIcon } from './tray-icon'

export interface AppTray {
  setUnread(total: number): void
  unreadImage(): NativeImage
  destroy(): void
}

function image(unread: boolean): NativeImage {
  const size = process.platform === 'darwin' ? 22 : 32
  const { width, height, pixels } = drawTrayIcon(size, unread)
  return nativeImage.createFromBitmap(pixels, { width, height })
}

export function createTray(actions: { show(): void; quit(): void }): AppTray {
  const plain = image(false)
  const withDot = image(true)
  const tray = new Tray(plain)
  tray.setToolTip('Parley')
  tray.setContextMenu(Menu.buildFromTemplate([
    { label: 'Open Parley', click: actions.show },
    { type: 'separator' },
    { label: 'Quit Parley', click: actions.quit },
  ]))
  tray.on('click', actions.show)
  return {
    setUnread(total) {
      tray.setImage(total > 0 ? withDot : plain)
      tray.setToolTip(total > 0 ? `Parley — ${total} unread` : 'Parley')
    },
    unreadImage: () => withDot,
    destroy: () => tray.destroy(),
  }
}
