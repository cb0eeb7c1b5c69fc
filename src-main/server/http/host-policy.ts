// Which names this server answers to (DNS rebinding), and which browser pages may open its
// WebSockets (Origin).
//
// DNS rebinding: a page on attacker.example makes its own name resolve to this server's
// address (LAN or loopback); the browser then treats the server as attacker.example's
// origin and lets the page read every answer. The request still says `Host:
// attacker.example`, so a server that answers only the names it really has cannot be
// reached that way. Names answered: the address it listens on, every interface address when
// it listens on all of them (read again when a Host misses, so a new DHCP lease works), the
// address the connection arrived on, the host name and `<host name>.local` (mDNS),
// `localhost` on a loopback connection, and each configured public name (`--public-name`,
// for a server behind a reverse proxy or known by a DNS name). Ports are not compared: a
// reverse proxy or port forward may change them, and rebinding is about names.
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'
import { hostname, networkInterfaces } from 'node:os'
import { unmapped } from './ip-address'

export interface HostPolicyOptions {
  /** The address the server listens on ("0.0.0.0" / "::" for every interface). */
  listenHost: string
  /** Extra names that reach this server (a reverse proxy's public name, a DNS name). */
  publicNames: readonly string[]
}

export type HostCheck = { ok: true } | { ok: false; status: 403 | 421; detail: string }

const WILDCARDS = new Set(['0.0.0.0', '::', ''])

export class HostPolicy {
  private readonly fixed = new Set<string>()
  private interfaces = new Set<string>()
  private readonly wildcard: boolean

  constructor(private readonly options: HostPolicyOptions) {
    this.wildcard = WILDCARDS.has(options.listenHost)
    const name = normalizeName(hostname())
    for (const value of [options.listenHost, name, `${name}.local`, ...options.publicNames]) {
      const normal = normalizeName(value)
      if (normal) this.fixed.add(normal)
    }
    if (this.wildcard) this.readInterfaces()
  }

  /** Whether `req` names this server in its Host header (HTTP requests and WebSocket upgrades alike). */
  checkHost(req: IncomingMessage): HostCheck {
    const name = hostPart(req.headers.host ?? '')
    if (name !== null && this.names(name, req)) return { ok: true }
    return {
      ok: false,
      status: 421,
      detail: `This server does not answer to the name "${(req.headers.host ?? '').slice(0, 100)}". `
        + 'Use its address or host name; a server behind a reverse proxy needs that name given with --public-name.',
    }
  }

  /**
   * WebSocket upgrades from browsers carry Origin: only pages this server (or one of its
   * names) served may open a socket. Clients that are not browsers (the desktop app's Node
   * `ws`) send none and are not affected.
   */
  checkOrigin(req: IncomingMessage): HostCheck {
    const origin = req.headers.origin
    if (origin === undefined) return { ok: true }
    const refused: HostCheck = { ok: false, status: 403, detail: `WebSocket connections from pages of ${origin.slice(0, 100)} are not allowed.` }
    let url: URL
    try {
      url = new URL(origin)
    } catch {
      return refused
    }
    if (url.host === req.headers.host) return { ok: true }
    const name = hostPart(url.host)
    return name !== null && this.names(name, req) ? { ok: true } : refused
  }

  private names(name: string, req: IncomingMessage): boolean {
    if (this.fixed.has(name)) return true
    const local = req.socket.localAddress
    if (local && normalizeName(unmapped(local)) === name) return true
    if (name === 'localhost' && local && isLoopback(unmapped(local))) return true
    if (!this.wildcard || isIP(name) === 0) return false
    if (this.interfaces.has(name)) return true
    this.readInterfaces()
    return this.interfaces.has(name)
  }

  private readInterfaces(): void {
    const addresses = Object.values(networkInterfaces()).flat()
    this.interfaces = new Set(addresses.map((info) => normalizeName(info?.address ?? '')).filter(Boolean))
  }
}

/** "Host.Example.:8000" → "host.example"; "[::1]:80" → "::1"; null when it is not a host. */
export function hostPart(host: string): string | null {
  const match = /^(?:\[([0-9A-Fa-f:.]{2,45})\]|([A-Za-z0-9._-]{1,253}))(?::\d{1,5})?$/.exec(host.trim())
  if (!match) return null
  return normalizeName(match[1] ?? match[2] ?? '')
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1')
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.')
}
