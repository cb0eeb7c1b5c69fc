// Whether the server speaks TLS and with which certificate: `auto` turns it on whenever it
// listens on anything but loopback (strangers share the LAN; loopback never leaves the
// computer). The certificate names this computer's host name, `<host>.local`, localhost
// where it applies and every address the server listens on; a periodic check renews it
// (same key) before it expires or when the addresses change.
import { hostname, networkInterfaces } from 'node:os'
import { isLoopback, isWildcard, reachableAddresses, type Interfaces } from '../lan/addresses'
import { loadOrCreateCertificate, loadProvidedCertificate, needsRenewal, type CertificateNames, type ServerCertificate } from './certificate'

export type TlsMode = 'auto' | 'on' | 'off'
export const TLS_MODES: readonly TlsMode[] = ['auto', 'on', 'off']

export interface TlsSettings {
  mode: TlsMode
  /** A certificate of one's own (both or neither): never renewed by Parley. */
  certFile: string | null
  keyFile: string | null
}

/** How often a running server checks whether its certificate needs renewing. */
export const RENEWAL_CHECK_MS = 6 * 60 * 60 * 1000

export function tlsEnabled(mode: TlsMode, host: string): boolean {
  return mode === 'on' || (mode === 'auto' && !isLoopback(host))
}

/** The names a certificate for a server bound to `bound` must carry. */
export function certificateNames(bound: string, interfaces: Interfaces = networkInterfaces(), host = hostname()): CertificateNames {
  const name = host.trim().toLowerCase()
  const dns = name ? [name, ...(name.endsWith('.local') || name.includes('.') ? [] : [`${name}.local`])] : []
  const ips = reachableAddresses(bound, interfaces).map((a) => a.address)
  if (isWildcard(bound)) {
    // Listening everywhere includes loopback: the host's own app connects there.
    dns.push('localhost')
    ips.push('127.0.0.1', ...(bound === '::' ? ['::1'] : []))
  } else if (!ips.includes(bound)) {
    ips.push(bound)
    if (isLoopback(bound)) dns.push('localhost')
  }
  return { dns, ips }
}

export interface ServerTlsState {
  certificate(): ServerCertificate
  /** Renews when due (same key); resolves to the new certificate, or null when nothing changed. */
  refresh(now?: Date): Promise<ServerCertificate | null>
}

export async function prepareTls(settings: TlsSettings, dataDir: string, bound: string): Promise<ServerTlsState | null> {
  if (!tlsEnabled(settings.mode, bound)) return null
  if (settings.certFile && settings.keyFile) {
    const provided = loadProvidedCertificate(settings.certFile, settings.keyFile)
    return { certificate: () => provided, refresh: async () => null }
  }
  let current = await loadOrCreateCertificate(dataDir, certificateNames(bound))
  return {
    certificate: () => current,
    async refresh(now = new Date()) {
      const wanted = certificateNames(bound)
      if (!needsRenewal(current, wanted, now)) return null
      current = await loadOrCreateCertificate(dataDir, wanted, now)
      return current
    },
  }
}
