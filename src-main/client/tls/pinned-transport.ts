// Main's one way onto the network: every REST call, every socket and every file transfer
// goes through this transport, so the TLS rule lives in one place. A certificate that a
// public CA vouches for (and that names the host) is accepted as any browser would. Anything
// else is trust on first use: the public key must match the pin kept for that origin; with
// no pin, only a join link (or the host's own server) that names the fingerprint is trusted
// without asking, and everything else is refused with a CertificateError that the UI turns
// into a question. Nothing (not even the request line with its token) is sent before the
// certificate is judged: undici and ws are handed the socket only after that.
import { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls'
import { Agent, buildConnector, fetch as undiciFetch } from 'undici'
import WebSocket from 'ws'
import type { CertificateCheck, CertificateSource } from '../../../src-shared/ipc/contract'
import { displayHost, parleyError, ParleyError } from '../../../src-shared/client/errors'
import type { SocketFactory } from '../../../src-shared/client/deps'
import { fingerprintOf, spkiPinOf } from '../../server/tls/fingerprint'
import type { PinStore } from './pin-store'

interface Seen {
  fingerprint: string
  spki: string
}

interface Expectation {
  fingerprint: string
  source: Exclude<CertificateSource, 'typed'>
}

/** A certificate refused; `check` is what the trust dialog shows. */
export class CertificateError extends Error {
  constructor(readonly check: CertificateCheck) {
    super(describeCheck(check))
    this.name = 'CertificateError'
  }
}

export interface PinnedTransport {
  fetch: typeof globalThis.fetch
  WebSocket: SocketFactory
  /** A fingerprint vouched for by a join link (trusted when it matches) or an mDNS announcement (shown only). */
  expect(origin: string, expectation: Expectation | null): void
  /** The last refusal at this origin, for the trust dialog; null when nothing was refused. */
  refusal(origin: string): CertificateCheck | null
  /** Pins what this origin presented, when it is the certificate the person saw (same fingerprint). */
  trust(origin: string, fingerprint: string): void
  close(): Promise<void>
}

export interface PinnedTransportOptions {
  pins: PinStore
  /** Roots to verify against instead of Node's bundled public CAs (tests; a company CA). */
  ca?: string[]
  now?: () => Date
}

/** "https://host:port" as URL.origin writes it (IPv6 in brackets, :443 left out). */
export function tlsOrigin(host: string, port: number | string | undefined): string {
  const bare = host.replace(/^\[|\]$/g, '')
  const named = isIP(bare) === 6 ? `[${bare}]` : bare
  return new URL(`https://${named}:${port || 443}`).origin
}

export function createPinnedTransport(options: PinnedTransportOptions): PinnedTransport {
  const { pins } = options
  const now = options.now ?? (() => new Date())
  const expectations = new Map<string, Expectation>()
  const refusals = new Map<string, { check: CertificateCheck; seen: Seen }>()
  const tlsOptions: ConnectionOptions = { rejectUnauthorized: false, ...(options.ca ? { ca: options.ca } : {}) }

  /** null: go ahead; else why not. Runs once the handshake is done, before any byte is sent. */
  function judge(socket: TLSSocket, origin: string): Error | null {
    if (socket.authorized) return null // a CA vouches for it and it names this host
    const peer = socket.getPeerX509Certificate() as X509Certificate | undefined
    if (!peer) return new Error(`${displayHost(origin)} showed no certificate to check.`)
    const seen: Seen = { fingerprint: fingerprintOf(peer.raw), spki: spkiPinOf(peer.publicKey.export({ type: 'spki', format: 'der' })) }
    const pin = pins.get(origin)
    if (pin) {
      if (pin.spki === seen.spki) {
        // Renewed with the same key: still trusted; show the new fingerprint from now on.
        if (pin.fingerprint !== seen.fingerprint) pins.set(origin, { ...pin, fingerprint: seen.fingerprint })
        return null
      }
      return refuse(origin, seen, check(origin, seen.fingerprint, 'changed', pin.fingerprint, expectations.get(origin) ?? null))
    }
    const expected = expectations.get(origin) ?? null
    if (expected?.source === 'join-link') {
      if (expected.fingerprint !== seen.fingerprint) return refuse(origin, seen, check(origin, seen.fingerprint, 'mismatch', null, expected))
      pins.set(origin, { ...seen, source: 'join-link', trustedAt: now().toISOString() })
      return null
    }
    return refuse(origin, seen, check(origin, seen.fingerprint, 'untrusted', null, expected))
  }

  function refuse(origin: string, seen: Seen, refused: CertificateCheck): CertificateError {
    refusals.set(origin, { check: refused, seen })
    return new CertificateError(refused)
  }

  /** Resolves with the socket once judged; the error otherwise (the socket is destroyed). */
  function whenJudged(socket: TLSSocket, origin: string, done: (error: Error | null, socket?: TLSSocket) => void): void {
    const verdict = judge(socket, origin)
    if (verdict) {
      socket.destroy()
      done(verdict)
    } else {
      done(null, socket)
    }
  }

  // REST and downloads: undici's own connector (timeouts, session cache, keep-alive), judged
  // before undici writes the request.
  // No TLS session resumption: a resumed session shows no certificate to judge.
  const base = buildConnector({ ...tlsOptions, maxCachedSessions: 0 } as buildConnector.BuildOptions)
  const agent = new Agent({
    connect(connectOptions, callback) {
      return base(connectOptions, (error, socket) => {
        if (error || connectOptions.protocol !== 'https:') return callback(error as Error, socket as never)
        whenJudged(socket as TLSSocket, tlsOrigin(connectOptions.hostname, connectOptions.port), (verdict, judged) =>
          verdict ? callback(verdict, null) : callback(null, judged as never))
      })
    },
  })

  const pinnedFetch = (async (input: string | URL, init?: RequestInit) => {
    try {
      return await undiciFetch(input as string, { ...(init as object), dispatcher: agent } as Parameters<typeof undiciFetch>[1])
    } catch (error) {
      throw asParleyError(error) ?? error
    }
  }) as unknown as typeof globalThis.fetch

  // Sockets: ws hands Node's http client this connection function; the callback form makes
  // the client wait for the verdict before it writes the upgrade request (token included).
  const connectWss = (connectOptions: { host?: string; port?: number | string; servername?: string }, callback: (error: Error | null, socket?: TLSSocket) => void): undefined => {
    const host = connectOptions.host ?? 'localhost'
    const port = Number(connectOptions.port) || 443
    const socket = tlsConnect({ ...tlsOptions, host, port, servername: isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'] })
    socket.once('secureConnect', () => whenJudged(socket, tlsOrigin(host, port), (verdict, judged) => callback(verdict && asParleyError(verdict), judged)))
    socket.once('error', (error) => callback(error))
    return undefined
  }

  class PinnedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, url.startsWith('wss:') ? { createConnection: connectWss as never } : {})
    }
  }

  return {
    fetch: pinnedFetch,
    WebSocket: PinnedWebSocket as unknown as SocketFactory,
    expect(origin, expectation) {
      if (expectation) expectations.set(origin, expectation)
      else expectations.delete(origin)
    },
    refusal: (origin) => refusals.get(origin)?.check ?? null,
    trust(origin, fingerprint) {
      const refused = refusals.get(origin)
      if (!refused || refused.seen.fingerprint !== fingerprint) {
        throw parleyError('not-found', `Parley has not seen that certificate at ${displayHost(origin)}. Connect again, then trust what it shows.`)
      }
      pins.set(origin, { ...refused.seen, source: refused.check.expected?.source ?? 'typed', trustedAt: now().toISOString() })
      refusals.delete(origin)
    },
    close: () => agent.close(),
  }
}

function check(origin: string, fingerprint: string, reason: CertificateCheck['reason'], previous: string | null, expected: Expectation | null): CertificateCheck {
  return { server: origin, fingerprint, reason, previousFingerprint: previous, expected }
}

/** The refusal inside whatever undici or ws wrapped it in, as the error the UI branches on. */
function asParleyError(error: unknown): ParleyError | null {
  for (let at: unknown = error; at; at = (at as { cause?: unknown }).cause) {
    if (at instanceof ParleyError) return at
    if (at instanceof CertificateError) return parleyError('untrusted-certificate', at.message)
  }
  return null
}

export function describeCheck({ server, fingerprint, reason, previousFingerprint, expected }: CertificateCheck): string {
  const host = displayHost(server)
  if (reason === 'changed') {
    return `The certificate of ${host} has changed since you trusted it: it was ${previousFingerprint}, it is now ${fingerprint}. ` +
      'Someone on the network may be intercepting the connection, so Parley did not connect. Ask the host whether they reinstalled the server.'
  }
  if (reason === 'mismatch') {
    return `${host} presents a certificate (${fingerprint}) that is not the one your join link names (${expected?.fingerprint}). ` +
      'Someone on the network may be intercepting the connection, so Parley did not connect.'
  }
  return `${host} presents a certificate that no authority vouches for. Its fingerprint is ${fingerprint}. ` +
    "Compare it with the fingerprint on the host's screen before you trust it."
}
