// The addresses a server bound to some address can be reached on from other devices: one
// list for the certificate's names (tls/), the start-up output (cli/) and the host panel's
// join addresses (src-main/host), so the three never disagree.
import type { NetworkInterfaceInfo } from 'node:os'

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>

export interface LanAddress {
  interface: string
  family: 'IPv4' | 'IPv6'
  address: string
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

export const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::'

/** Non-internal addresses; IPv6 link-local ones are left out (browsers cannot use zone ids). */
export function lanAddresses(interfaces: Interfaces): LanAddress[] {
  const found: LanAddress[] = []
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue
      if (info.family === 'IPv6' && /^fe80:/i.test(info.address)) continue
      found.push({ interface: name, family: info.family, address: info.address })
    }
  }
  return found
}

/** The addresses a server bound to `bound` can be reached on, from other devices. */
export function reachableAddresses(bound: string, interfaces: Interfaces): LanAddress[] {
  const all = lanAddresses(interfaces)
  if (bound === '0.0.0.0') return all.filter((a) => a.family === 'IPv4')
  if (bound === '::') return all // dual-stack: IPv4 too
  return all.filter((a) => a.address === bound)
}

/** "http(s)://address:port/" with IPv6 in brackets. */
export function urlFor(address: string, port: number, secure: boolean): string {
  return `${secure ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}/`
}
