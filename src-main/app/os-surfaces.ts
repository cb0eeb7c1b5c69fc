// The OS surfaces attention drives: notifications, the tray's unread state and the
// dock/taskbar badge. With PARLEY_E2E=1 they are wrapped by the recorder e2e tests read.
import { app, Notification, type BrowserWindow } from 'electron'
import type { OsSurfaces } from '../client/attention'
import type { AppTray } from './tray'

export function createOsSurfaces(tray: AppTray, window: () => BrowserWindow | null, notificationIcon: string): OsSurfaces {
  // Live notifications are referenced here: a garbage-collected one loses its click handler.
  const shown = new Set<Notification>()
  return {
    notify(notification, onClick) {
      if (!Notification.isSupported()) return
      const native = new Notification({ title: notification.title, body: notification.body.slice(0, 300), icon: notificationIcon })
      shown.add(native)
      native.on('click', () => {
        shown.delete(native)
        onClick()
      })
      native.on('close', () => shown.delete(native))
      native.show()
    },
    setUnread(total) {
      tray.setUnread(total)
      // macOS dock and Unity launchers; a no-op where unsupported.
      app.setBadgeCount(total)
      const win = window()
      if (process.platform === 'win32' && win && !win.isDestroyed()) {
        win.setOverlayIcon(total > 0 ? tray.unreadImage() : null, total > 0 ? `${total} unread` : '')
      }
    },
  }
}
