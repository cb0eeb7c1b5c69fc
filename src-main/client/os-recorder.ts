// Test-build hook (Signal's SignalCI, Mattermost's e2e folder do the same): OS surfaces
// record what they were asked to show, so e2e tests can read notifications, badge and
// tray state. Enabled in Electron only when PARLEY_E2E=1; the desktop bridge always uses it.
import type { ChatNotification, OsSurfaces } from './attention'

export type RecordedSurfaceEvent =
  | { kind: 'notification'; notification: ChatNotification }
  | { kind: 'unread'; total: number }

export interface OsRecorder extends OsSurfaces {
  events: RecordedSurfaceEvent[]
  notifications(): ChatNotification[]
  unread(): number
  /** Clicks the n-th recorded notification (as the user would in the OS). */
  click(index: number): void
}

/** Wraps real surfaces (or none) and records every call. */
export function createOsRecorder(inner?: OsSurfaces): OsRecorder {
  const events: RecordedSurfaceEvent[] = []
  const clicks: (() => void)[] = []
  return {
    events,
    notify(notification, onClick) {
      events.push({ kind: 'notification', notification })
      clicks.push(onClick)
      inner?.notify(notification, onClick)
    },
    setUnread(total) {
      events.push({ kind: 'unread', total })
      inner?.setUnread(total)
    },
    notifications: () => events.flatMap((e) => (e.kind === 'notification' ? [e.notification] : [])),
    unread() {
      const last = events.findLast((e) => e.kind === 'unread')
      return last?.kind === 'unread' ? last.total : 0
    },
    click(index) {
      clicks[index]?.()
    },
  }
}
