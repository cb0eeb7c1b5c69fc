// `parley serve`: run the server in the foreground until SIGINT/SIGTERM, then shut down
// cleanly (stop accepting, close sockets with 1001, finish writes, close the database).
import { existsSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { startParleyServer } from '../server'
import { advertise } from '../lan/advertise'
import { reachableAddresses, urlFor } from '../lan/addresses'
import type { ServerLimitsConfig } from '../limits'
import { lacksServerProcessEnv } from '../server-process-env'
import type { TlsMode } from '../tls/server-tls'
import { parsePort, parsePositiveInt, parsePublicNames, parseTrustedProxies, parseRegistration, parseSize, parseTlsMode } from './parse'
import { relaunchWithServerEnv } from './relaunch'

interface ServeFlags {
  host: string
  port: number
  data: string
  registration: 'open' | 'closed' | 'invite'
  advertise: boolean
  seedOnly?: boolean
  name?: string
  publicName: string[]
  trustedProxy: string[]
  webRoot?: string
  logLevel: string
  maxFileSize?: number
  maxFrameSize?: number
  chunkSize?: number
  maxMessageChars?: number
  rate?: number
  burst?: number
  socketsPerUser?: number
  slowReaderBytes?: number
  mediaUrlTtl?: number
  frameBudget?: number
  tls: TlsMode
  tlsCert?: string
  tlsKey?: string
  database?: string
  bus?: string
  media?: string
}

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run a Parley server (HTTP(S) and WebSocket on one port; TLS whenever it listens on more than loopback)')
    .option('--host <address>', 'address to listen on (0.0.0.0 for the whole LAN)', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', parsePort, 8000)
    .option('--data <dir>', 'data folder (database, secret key, media)', './parley-data')
    .option('--registration <mode>', 'open: anyone may create an account; invite: only with a code from `invites create`; closed: only `users add`', parseRegistration, 'closed')
    .option('--no-advertise', 'do not announce the server on the LAN over mDNS (_parley._tcp)')
    .option('--seed-only', 'speak only the seed protocol: every Parley extension off')
    .option('--name <name>', 'server name shown to clients')
    .option('--public-name <names>', 'a name clients reach this server by besides its addresses and host name (a reverse proxy\'s, a DNS name); repeat or comma-separate. Requests for any other name are refused (DNS rebinding)', parsePublicNames, [])
    .option('--trusted-proxy <addresses>', 'a reverse proxy in front of this server, by IP address: its X-Forwarded-For (the client\'s address for the sign-in throttle) and X-Forwarded-Proto (the scheme of links) are believed; anyone else\'s are ignored. Repeat or comma-separate', parseTrustedProxies, [])
    .option('--web-root <dir>', 'folder with a built web client to serve at / (default: out/renderer when built)')
    .option('--log-level <level>', 'silent, error, warn, info or debug', 'info')
    .option('--max-file-size <size>', 'largest file accepted (e.g. 2G)', parseSize)
    .option('--max-frame-size <size>', 'largest WebSocket frame (e.g. 100M)', parseSize)
    .option('--chunk-size <size>', 'chunk size offered to chunked uploads (default 4M)', parseSize)
    .option('--max-message-chars <n>', 'longest text message', parsePositiveInt)
    .option('--rate <n>', 'frames per second per connection', parsePositiveInt)
    .option('--burst <n>', 'burst of frames allowed above the rate', parsePositiveInt)
    .option('--sockets-per-user <n>', 'sockets one user may hold at once', parsePositiveInt)
    .option('--slow-reader-bytes <size>', 'unsent backlog after which a socket is closed with 1013', parseSize)
    .option('--media-url-ttl <seconds>', 'lifetime of signed file links', parsePositiveInt)
    .option('--frame-budget <size>', 'WebSocket frame bytes in flight across all sockets (default 128M, at least 1.25 x --max-frame-size); past it a large frame is refused with 1013', parseSize)
    .option('--tls <mode>', 'auto: HTTPS/WSS whenever listening on more than loopback; on; off', parseTlsMode, 'auto')
    .option('--tls-cert <file>', 'PEM certificate of your own (with --tls-key) instead of the self-signed one')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--database <url>', 'postgres://… : store everything in PostgreSQL instead of SQLite in the data folder (a cluster\'s shared database; docs/scaling.md)')
    .option('--bus <url>', 'redis://… : run as one node of a cluster: events reach every node\'s sockets, limits hold across nodes (needs --database and --media)')
    .option('--media <dir>', 'the folder every node of a cluster shares: files, uploads in progress and the signing secret (default: the data folder)')
    .action(async (flags: ServeFlags) => serve(flags))
}

async function serve(flags: ServeFlags): Promise<void> {
  if (lacksServerProcessEnv()) return relaunchWithServerEnv()
  const limits: Partial<ServerLimitsConfig> = {
    maxFileBytes: flags.maxFileSize,
    maxFrameBytes: flags.maxFrameSize,
    chunkBytes: flags.chunkSize,
    maxMessageChars: flags.maxMessageChars,
    messagesPerSecond: flags.rate,
    messageBurst: flags.burst,
    socketsPerUser: flags.socketsPerUser,
    slowReaderBytes: flags.slowReaderBytes,
    mediaUrlTtlSeconds: flags.mediaUrlTtl,
    framesInFlightBytes: flags.frameBudget,
  }
  const webRoot = webRootFor(flags.webRoot)
  const server = await startParleyServer({
    dataDir: resolve(flags.data),
    host: flags.host,
    port: flags.port,
    registration: flags.registration,
    seedOnly: flags.seedOnly ?? false,
    name: flags.name,
    publicNames: flags.publicName,
    trustedProxies: flags.trustedProxy,
    webRoot: webRoot ?? undefined,
    logLevel: flags.logLevel,
    logToStderr: true,
    limits,
    tls: flags.tls,
    ...(flags.tlsCert ? { tlsCertFile: resolve(flags.tlsCert) } : {}),
    ...(flags.tlsKey ? { tlsKeyFile: resolve(flags.tlsKey) } : {}),
    database: flags.database,
    bus: flags.bus,
    ...(flags.media ? { sharedDir: resolve(flags.media) } : {}),
  })
  const secure = server.fingerprint !== null
  console.log(`Parley server running at ${server.url}`)
  for (const { address } of reachableAddresses(flags.host, networkInterfaces())) console.log(`  on your network: ${urlFor(address, server.port, secure)}`)
  if (server.fingerprint) {
    console.log(`Certificate SHA-256 fingerprint: ${server.fingerprint}`)
    console.log('  People joining should see this fingerprint (app: trust dialog; browser: certificate viewer) before they trust it.')
  }
  console.log(webRoot ? `Browsers can open the addresses above to chat (web client: ${webRoot}).` : 'No web client is served: it is not built yet (run `npm run build`), so only the apps can connect.')
  const advertisement = flags.advertise
    ? advertise({
      name: flags.name ?? 'Parley', port: server.port, host: flags.host, registration: flags.registration, fingerprint: server.fingerprint,
      onError: (error) => console.error(`LAN announcement (mDNS) failed: ${error.message}. Apps on the network can still join by address.`),
    })
    : null
  if (advertisement?.active) console.log('Announced on the local network as _parley._tcp (turn off with --no-advertise).')
  console.log(`Data folder: ${resolve(flags.data)}. Press Ctrl+C to stop.`)

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) {
      console.error('Forced exit.')
      process.exit(1)
    }
    stopping = true
    console.log(`${signal}: shutting down…`)
    Promise.allSettled([advertisement?.stop()]).then(() => server.close()).then(
      () => {
        console.log('Stopped.')
        process.exit(0)
      },
      (error: unknown) => {
        console.error('Shutdown failed:', error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

/** The given web root, else the built renderer of this checkout when there is one. */
function webRootFor(given: string | undefined): string | null {
  if (given) return resolve(given)
  const built = fileURLToPath(new URL('../../../out/renderer', import.meta.url))
  return existsSync(join(built, 'index.html')) ? built : null
}
