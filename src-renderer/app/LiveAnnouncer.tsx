import { useApp } from '../store/StoreProvider'

/**
 * The polite live region that announces incoming messages in the open conversation. The
 * virtualized message list itself is not live: rows mount and unmount as you scroll.
 */
export function LiveAnnouncer() {
  const announcement = useApp((state) => state.announcement)
  return <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">{announcement}</div>
}
