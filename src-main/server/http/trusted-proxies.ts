// Requests that came through a reverse proxy the operator named (`--trusted-proxy`). Only
// from those addresses are X-Forwarded-For and X-Forwarded-Proto believed: anyone else could
// send them to have their failed sign-ins counted against somebody else's address (locking
// that address out) or to pick the scheme of the links the server writes. Without a trusted
// proxy every client behind one shares the proxy's address in the per-address sign-in
// throttle, and a node speaking plain http behind an https proxy would write http:// links.
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'
import { unmapped } from './ip-address'

export class TrustedProxies {
  private readonly addresses: ReadonlySet<string>

  /** `addresses`: IP addresses (validated in resolveOptions). */
  constructor(addresses: readonly string[]) {
    this.addresses = new Set(addresses.map(unmapped))
  }

  /**
   * The client's address: the connection's, or when that is a trusted proxy, the nearest
   * address in X-Forwarded-For (read from the right, the end each proxy appends to) that is
   * not a trusted proxy itself. A malformed entry ends the walk: what lies left of it is the
   * client's own say.
   */
  clientAddress(req: IncomingMessage): string {
    let address = unmapped(req.socket.remoteAddress ?? '')
    if (!address) return 'unknown'
    if (!this.addresses.has(address)) return address
    const hops = headerValues(req.headers['x-forwarded-for'])
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      const hop = unmapped(hops[i] as string)
      if (isIP(hop) === 0) break
      address = hop
      if (!this.addresses.has(hop)) break
    }
    return address
  }

  /** "https:" or "http:" as the client used it: X-Forwarded-Proto from a trusted proxy, else `own` (this server's scheme). */
  scheme(req: IncomingMessage, own: 'http:' | 'https:'): 'http:' | 'https:' {
    if (!this.addresses.has(unmapped(req.socket.remoteAddress ?? ''))) return own
    const said = headerValues(req.headers['x-forwarded-proto']).at(-1)?.toLowerCase()
    return said === 'https' ? 'https:' : said === 'http' ? 'http:' : own
  }
}

/** The comma-separated values of a header sent once or several times (Node joins repeats with ", "). */
function headerValues(header: string | string[] | undefined): string[] {
  if (header === undefined) return []
  return (Array.isArray(header) ? header.join(',') : header).split(',').map((value) => value.trim()).filter(Boolean)
}
