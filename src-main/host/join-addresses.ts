// How other devices reach this host: every LAN address the server listens on (from
// os.networkInterfaces), each with its browser URL as a QR code for phones.
import type { NetworkInterfaceInfo } from 'node:os'
import QRCode from 'qrcode'
import type { JoinAddress, NetworkChoice } from '../../src-shared/ipc/contract'

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>

interface LanAddress {
  interface: string
  family: 'IPv4' | 'IPv6'
  address: string
}

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

export function urlFor(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}/`
}

export async function joinAddresses(bound: string, port: number, interfaces: Interfaces): Promise<JoinAddress[]> {
  return Promise.all(reachableAddresses(bound, interfaces).map(async (a) => {
    const url = urlFor(a.address, port)
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
    return { ...a, url, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` }
  }))
}

/** What the host may choose to listen on. */
export function networkChoices(interfaces: Interfaces): NetworkChoice[] {
  const choices: NetworkChoice[] = [
    { address: '0.0.0.0', label: 'All networks (IPv4)', family: 'any' },
    { address: '::', label: 'All networks (IPv4 and IPv6)', family: 'any' },
  ]
  for (const a of lanAddresses(interfaces)) choices.push({ address: a.address, label: `${a.interface}: ${a.address}`, family: a.family })
  choices.push({ address: '127.0.0.1', label: 'This computer only (127.0.0.1)', family: 'IPv4' })
  return choices
}
