// One port for everything. Without TLS, a plain HTTP server listens. With TLS, a TCP
// server peeks at the first byte of each connection: 0x16 (a TLS handshake record) goes to
// the HTTPS server, which also carries the WSS upgrades; anything else is someone typing
// `192.168.1.20:8000` into a browser and gets a redirect to https:// on the same port.
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { hostHeaderOf } from '../context'
import type { ServerCertificate } from './certificate'

const TLS_HANDSHAKE = 0x16
/** A connection that sends nothing at all is dropped after this long. */
const FIRST_BYTE_TIMEOUT_MS = 10_000

export interface ListenerHandlers {
  request(req: IncomingMessage, res: ServerResponse): void
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Whether the request names this server (http/host-policy.ts): the redirect goes nowhere else. */
  answersTo(req: IncomingMessage): boolean
}

export interface Listener {
  readonly secure: boolean
  listen(port: number, host: string): Promise<void>
  address(): AddressInfo
  /** Swaps in a renewed certificate; connections already open keep theirs. */
  setCertificate(certificate: ServerCertificate): void
  /** Stops accepting; resolves once every connection has ended. */
  close(): Promise<void>
  closeIdleConnections(): void
  closeAllConnections(): void
}

export function createListener(handlers: ListenerHandlers, certificate: ServerCertificate | null): Listener {
  const app: HttpServer = certificate
    ? createHttpsServer({ key: certificate.keyPem, cert: certificate.certPem, minVersion: 'TLSv1.2' }, handlers.request)
    : createHttpServer(handlers.request)
  app.on('upgrade', handlers.upgrade)
  app.on('clientError', (_error, socket) => socket.destroy())
  // A failed handshake (a browser that refused our certificate, a scanner) is that
  // connection's problem only.
  app.on('tlsClientError', (_error: Error, socket: Duplex) => socket.destroy())
  if (!certificate) return plainListener(app)

  const redirect = createHttpServer((req, res) => {
    const host = hostHeaderOf(req)
    // Never an open redirect: only to a name this server answers to (a rebinding page's
    // foreign Host gets no https link built on it).
    if (!host || !handlers.answersTo(req)) {
      res.writeHead(host ? 421 : 400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
      res.end('This Parley server speaks HTTPS only.\n')
      return
    }
    // 308 keeps the method; the path is kept as sent (it starts with '/' for any real request).
    const path = req.url?.startsWith('/') ? req.url : '/'
    res.writeHead(308, { Location: `https://${host}${path}`, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
    res.end(`This Parley server speaks HTTPS only: https://${host}${path}\n`)
  })
  redirect.on('clientError', (_error, socket) => socket.destroy())

  const front: NetServer = createNetServer((socket: Socket) => {
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy())
    socket.on('error', () => socket.destroy())
    socket.once('data', (first: Buffer) => {
      socket.setTimeout(0)
      socket.pause()
      socket.unshift(first)
      ;(first[0] === TLS_HANDSHAKE ? app : redirect).emit('connection', socket)
      // The receiving server reads on; nothing else listens on this socket for data.
      process.nextTick(() => socket.resume())
    })
  })
  return {
    secure: true,
    listen: (port, host) => listenOn(front, port, host),
    address: () => front.address() as AddressInfo,
    setCertificate(next) {
      ;(app as unknown as { setSecureContext(options: object): void }).setSecureContext({ key: next.keyPem, cert: next.certPem, minVersion: 'TLSv1.2' })
    },
    close() {
      const stopped = new Promise<void>((resolve) => front.close(() => resolve()))
      redirect.closeAllConnections()
      return stopped
    },
    closeIdleConnections: () => app.closeIdleConnections(),
    closeAllConnections() {
      app.closeAllConnections()
      redirect.closeAllConnections()
    },
  }
}

function plainListener(app: HttpServer): Listener {
  return {
    secure: false,
    listen: (port, host) => listenOn(app, port, host),
    address: () => app.address() as AddressInfo,
    setCertificate() {},
    close: () => new Promise<void>((resolve) => app.close(() => resolve())),
    closeIdleConnections: () => app.closeIdleConnections(),
    closeAllConnections: () => app.closeAllConnections(),
  }
}

function listenOn(server: NetServer, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}
