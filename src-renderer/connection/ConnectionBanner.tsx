import { useEffect, useState } from 'react'
import type { ConnectionStatus } from '../../src-shared/ipc/contract'
import { useActions, useApp } from '../store/StoreProvider'
import { useHostStatus } from '../host/useHost'
import { OfflineIcon, RefreshIcon } from '../ui/icons'

const SEVERITY: Record<ConnectionStatus['state'], number> = { open: 0, connecting: 1, reconnecting: 2, offline: 3 }

/** The worse of the conversation's socket and the list socket; a first 'connecting' is not news. */
export function pickStatus(statuses: (ConnectionStatus | undefined)[]): ConnectionStatus | null {
  let worst: ConnectionStatus | null = null
  for (const status of statuses) {
    if (!status || status.state === 'open' || (status.state === 'connecting' && status.attempt === 0)) continue
    if (!worst || SEVERITY[status.state] > SEVERITY[worst.state]) worst = status
  }
  return worst
}

function useSecondsUntil(epochMs: number | null): number | null {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (epochMs === null) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [epochMs])
  return epochMs === null ? null : Math.max(0, Math.ceil((epochMs - now) / 1000))
}

export function ConnectionBanner({ conversationId }: { conversationId: number | null }) {
  const conversationStatus = useApp((state) => (conversationId === null ? undefined : state.connection[String(conversationId)]))
  const listStatus = useApp((state) => state.connection.list)
  const { retryConnection } = useActions()
  const status = pickStatus([conversationStatus, listStatus])
  const seconds = useSecondsUntil(status?.state === 'reconnecting' ? status.nextRetryAt : null)
  const ownServerTrouble = useOwnServerTrouble()
  if (!status) return null
  const offline = status.state === 'offline'
  const title = offline ? 'Offline' : status.state === 'connecting' ? 'Connecting…' : 'Reconnecting…'
  const retrying = seconds !== null && seconds > 0 ? `Trying again in ${seconds} s` : 'Trying again now'
  // When the server is this app's own, say what happened to it, not just that it is gone.
  const detail = ownServerTrouble ?? (offline ? status.reason ?? 'Messages you send will go out when the connection is back.' : retrying)
  return (
    <div className={`connection-banner ${offline ? 'is-offline' : ''}`} role="status">
      <OfflineIcon size={18} />
      <span className="banner-text"><strong>{title}</strong> <span className="banner-detail">{detail}</span></span>
      <button type="button" className="button button-small" onClick={() => void retryConnection()}>
        <RefreshIcon size={14} /> Retry now
      </button>
    </div>
  )
}

/** Why the app's own server for this computer is down (crashed and restarting, or given up), in words. */
function useOwnServerTrouble(): string | null {
  const { status } = useHostStatus()
  if (status?.reach !== 'this-computer' || (status.state !== 'restarting' && status.state !== 'failed')) return null
  return status.error
}
