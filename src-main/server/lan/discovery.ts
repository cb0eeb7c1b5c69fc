// Browses the LAN for `_parley._tcp` services (the other half of advertise.ts). Used by the
// desktop app's sign-in screen through main, and by tests.
import { Bonjour, type Browser, type Service } from 'bonjour-service'
import type { DiscoveredHost } from '../../../src-shared/ipc/contract'
import { normalizeFingerprint } from '../../../src-shared/protocol/fingerprint'
import { urlFor } from './addresses'
import { SERVICE_TYPE } from './mdns'

export interface Discovery {
  hosts(): DiscoveredHost[]
  /** Sends a fresh query (hosts that started before we listened answer it). */
  refresh(): void
  stop(): Promise<void>
}

export function startDiscovery(onChange: (hosts: DiscoveredHost[]) => void, onError: (error: Error) => void = () => {}): Discovery {
  const bonjour = new Bonjour({}, (error: Error) => onError(error))
  const browser: Browser = bonjour.find({ type: SERVICE_TYPE })
  const changed = () => onChange(hostsOf(browser.services))
  browser.on('up', changed)
  browser.on('down', changed)
  browser.on('txt-update', changed)
  browser.on('srv-update', changed)
  let stopped = false
  return {
    hosts: () => hostsOf(browser.services),
    refresh: () => {
      if (!stopped) browser.update()
    },
    stop() {
      if (stopped) return Promise.resolve()
      stopped = true
      browser.stop()
      return new Promise<void>((resolve) => bonjour.destroy(() => resolve()))
    },
  }
}

export function hostsOf(services: readonly Service[]): DiscoveredHost[] {
  const hosts: DiscoveredHost[] = []
  for (const service of services) {
    const host = toDiscoveredHost(service)
    if (host) hosts.push(host)
  }
  return hosts.sort((a, b) => a.name.localeCompare(b.name) || a.url.localeCompare(b.url))
}

/** A service as the sign-in screen shows it; null when it carries no usable address. */
export function toDiscoveredHost(service: Service): DiscoveredHost | null {
  const txt = (service.txt ?? {}) as Record<string, unknown>
  const addresses = [...new Set(service.addresses ?? [])]
  // Prefer the address the answer came from (it is reachable from here), then IPv4.
  const from = service.referer?.address
  const ordered = [
    ...(from && addresses.includes(from) ? [from] : []),
    ...addresses.filter((a) => a !== from && !a.includes(':')),
    ...addresses.filter((a) => a !== from && a.includes(':') && !a.toLowerCase().startsWith('fe80')),
  ]
  const address = ordered[0] ?? from
  if (!address || !Number.isInteger(service.port) || service.port <= 0) return null
  const registration = txt.registration === 'open' || txt.registration === 'invite' ? txt.registration : 'closed'
  const name = typeof txt.name === 'string' && txt.name.trim() ? txt.name.trim().slice(0, 100) : service.name
  const fingerprint = typeof txt.fp === 'string' ? normalizeFingerprint(txt.fp) : null
  return {
    id: service.fqdn,
    name,
    url: urlFor(address, service.port, fingerprint !== null).replace(/\/$/, ''),
    fingerprint,
    addresses: ordered,
    port: service.port,
    registration,
    protocol: typeof txt.protocol === 'string' ? txt.protocol : '',
  }
}
