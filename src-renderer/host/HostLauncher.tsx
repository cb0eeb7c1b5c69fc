// The way into hosting from the sign-in screen and the sidebar: a button that opens the
// host panel, shown only where this window can host (not in a browser page). While signed
// out it also picks up the session main starts when hosting resumes with the app.
import { useEffect, useState } from 'react'
import { useActions, useApp } from '../store/StoreProvider'
import { HostPanel } from './HostPanel'
import { useHostStatus } from './useHost'

export function HostLauncher({ variant }: { variant: 'link' | 'icon' }) {
  const [open, setOpen] = useState(false)
  const { status, available } = useHostStatus()
  const { startSession } = useActions()
  const signedOut = useApp((state) => state.phase === 'signed-out')
  const hostSignedIn = status?.state === 'running' && status.hostAccount !== null && status.error === null
  useEffect(() => {
    if (signedOut && hostSignedIn && !open) void startSession()
  }, [signedOut, hostSignedIn, open, startSession])

  if (!available) return null
  const hosting = status?.state === 'running'
  return (
    <>
      {variant === 'link' ? (
        <p className="sign-in-switch">
          No server yet?{' '}
          <button type="button" className="link-button" onClick={() => setOpen(true)}>Host on this computer</button>
        </p>
      ) : (
        <button type="button" className="icon-button" aria-label="Host on this computer" title={hosting ? 'Hosting on this computer' : 'Host on this computer'}
          aria-pressed={hosting} onClick={() => setOpen(true)}>
          <svg className="icon" width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8"
            strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
            <rect x="3" y="4" width="18" height="12" rx="2" /><path d="M8 20h8M12 16v4" />
            {hosting && <circle cx="18" cy="6" r="3" fill="currentColor" />}
          </svg>
        </button>
      )}
      {open && <HostPanel onClose={() => setOpen(false)} />}
    </>
  )
}
