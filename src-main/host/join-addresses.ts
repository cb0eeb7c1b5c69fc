// How other devices reach this host: every LAN address the server listens on (from
// os.networkInterfaces, listed by server/lan/addresses.ts), each with its join link as a QR
// code for phones.
import QRCode from 'qrcode'
import type { JoinAddress, NetworkChoice } from '../../src-shared/ipc/contract'
import { joinLink } from '../../src-shared/protocol/fingerprint'
import { lanAddresses, reachableAddresses, urlFor, type Interfaces } from '../server/lan/addresses'

/**
 * With TLS, the QR code carries the join link (`https://…/#fp=…`): a phone's browser opens
 * the page and ignores the fragment, the app reads the fingerprint and trusts it at once.
 */
export async function joinAddresses(bound: string, port: number, interfaces: Interfaces, fingerprint: string | null): Promise<JoinAddress[]> {
  return Promise.all(reachableAddresses(bound, interfaces).map(async (a) => {
    const url = urlFor(a.address, port, fingerprint !== null)
    const link = joinLink(url, fingerprint)
    const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
    return { ...a, url, joinLink: link, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` }
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
