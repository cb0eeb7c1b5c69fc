import { useEffect, useRef, useState } from 'react'
import type { ServerProbe } from '../../src-shared/ipc/contract'
import { useActions } from '../store/StoreProvider'

export interface ProbeState {
  server: string
  status: 'idle' | 'checking' | 'done'
  probe: ServerProbe | null
}

/** A cheap pre-check (main validates properly) so the probe isn't fired for half-typed text. */
export function looksLikeServerAddress(value: string): boolean {
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(value) ? value : `http://${value}`)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 && !/\.$/.test(url.hostname)
  } catch {
    return false
  }
}

/** Asks main what answers at an address, a moment after the user stops typing. */
export function useServerProbe(server: string, delayMs = 500): ProbeState {
  const { probeServer } = useActions()
  const [state, setState] = useState<ProbeState>({ server: '', status: 'idle', probe: null })
  const latest = useRef(server)
  latest.current = server
  useEffect(() => {
    const address = server.trim()
    if (!looksLikeServerAddress(address)) {
      setState({ server: address, status: 'idle', probe: null })
      return
    }
    const timer = setTimeout(() => {
      setState({ server: address, status: 'checking', probe: null })
      probeServer(address)
        .then((probe) => {
          if (latest.current.trim() === address) setState({ server: address, status: 'done', probe })
        })
        .catch(() => {
          if (latest.current.trim() === address) setState({ server: address, status: 'idle', probe: null })
        })
    }, delayMs)
    return () => clearTimeout(timer)
  }, [server, delayMs, probeServer])
  return state
}

/** What the probe means, in words. */
export function describeProbe(probe: ServerProbe, server: string): { ok: boolean; text: string } {
  if (!probe.ok) {
    return { ok: false, text: probe.error?.trim() || `No Parley server answered at ${server}.` }
  }
  if (probe.kind === 'parley') return { ok: true, text: probe.name ? `Parley server “${probe.name}”` : 'Parley server' }
  if (probe.kind === 'seed') return { ok: true, text: 'Compatible chat server' }
  return { ok: false, text: `${server} answers, but it isn't a Parley or compatible server.` }
}
