// The sign-in screen's "On this network" list: Parley hosts announcing themselves over mDNS,
// found by main. Picking one fills in the server address (and hands over the fingerprint the
// announcement carried, for the trust dialog to show); typing one always works too.
import { useEffect, useState } from 'react'
import type { DiscoveredHost } from '../../src-shared/ipc/contract'
import { useActions } from '../store/StoreProvider'
import './host.css'

const REFRESH_MS = 15_000
const REGISTRATION_WORDS: Record<DiscoveredHost['registration'], string> = {
  open: 'open to new accounts',
  invite: 'new accounts by invite',
  closed: 'accounts by the host',
}

export function DiscoveredHosts({ onPick }: { onPick: (host: DiscoveredHost) => void }) {
  const { bridge } = useActions()
  const [hosts, setHosts] = useState<DiscoveredHost[]>([])
  useEffect(() => {
    const api = bridge()
    const off = api.on('hosts-discovered', setHosts)
    const ask = () => void api.invoke('discovery:list').then(setHosts, () => undefined)
    ask()
    const timer = setInterval(ask, REFRESH_MS)
    return () => {
      off()
      clearInterval(timer)
    }
  }, [bridge])
  if (hosts.length === 0) return null
  return (
    <section aria-labelledby="lan-hosts-title" className="field">
      <span id="lan-hosts-title">On this network</span>
      <ul className="lan-hosts" aria-labelledby="lan-hosts-title">
        {hosts.map((host) => (
          <li key={host.id}>
            {/* Named by what it shows (a speech-input user says what they see), "Use" for context. */}
            <button type="button" className="button" onClick={() => onPick(host)}>
              <span><span className="visually-hidden">Use </span>{host.name}</span>
              <span className="muted">{host.url.replace(/^https?:\/\//, '')} · {REGISTRATION_WORDS[host.registration]}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
