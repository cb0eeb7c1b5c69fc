// The LAN host's status, kept live from 'host-status' events, and whether this window can
// host at all (the desktop app can; a browser page served by a host cannot).
import { useCallback, useEffect, useState } from 'react'
import type { HostStatus } from '../../src-shared/ipc/contract'
import { useActions } from '../store/StoreProvider'

export function useHostStatus(): { status: HostStatus | null; available: boolean | null } {
  const { bridge } = useActions()
  const [status, setStatus] = useState<HostStatus | null>(null)
  const [available, setAvailable] = useState<boolean | null>(null)
  useEffect(() => {
    const api = bridge()
    const off = api.on('host-status', setStatus)
    api.invoke('host:status').then(
      (current) => {
        setStatus(current)
        setAvailable(true)
      },
      () => setAvailable(false),
    )
    return off
  }, [bridge])
  return { status, available }
}

/** Runs an action and keeps its failure in words for the panel; true when it worked. */
export function useAttempt(): { error: string | null; busy: boolean; attempt(action: () => Promise<unknown>): Promise<boolean>; clear(): void } {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const attempt = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
      return true
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'That did not work.')
      return false
    } finally {
      setBusy(false)
    }
  }, [])
  return { error, busy, attempt, clear: useCallback(() => setError(null), []) }
}

/** Copies text; the Clipboard API needs a secure context, execCommand covers the rest. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text)
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.append(area)
  area.select()
  document.execCommand('copy')
  area.remove()
}
