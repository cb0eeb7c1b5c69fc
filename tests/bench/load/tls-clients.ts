// The load clients' side of TLS: a server started with TLS ('parley-tls') hands over its
// self-signed certificate when it is ready, and every client connection to that origin
// (REST logins, wss sockets, file downloads) verifies against exactly that certificate.
// Plain http servers get the ordinary fetch and ws options.
import { Agent, fetch as undiciFetch } from 'undici'

const trusted = new Map<string, { ca: string; agent: Agent }>()

/** Trust `ca` for the server at `url` (its origin), for the rest of the run. */
export function trustServer(url: string, ca: string): void {
  trusted.set(new URL(url).origin, { ca, agent: new Agent({ connect: { ca } }) })
}

/** Extra `ws` options for a socket to `url`: the certificate to verify, when it is a TLS server. */
export function wsTlsOptions(url: string): { ca?: string } {
  const entry = trusted.get(new URL(url.replace(/^ws/, 'http')).origin)
  return entry ? { ca: entry.ca } : {}
}

/** fetch for `url`: through an agent that trusts the server's certificate, when it is a TLS server. */
export function fetchFor(url: string): typeof fetch {
  const entry = trusted.get(new URL(url).origin)
  if (!entry) return fetch
  return ((input: string, init?: object) => undiciFetch(input, { ...init, dispatcher: entry.agent })) as unknown as typeof fetch
}
