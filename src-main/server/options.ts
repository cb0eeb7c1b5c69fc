import { isIP } from 'node:net'
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottleConfig } from './auth/login-throttle'
import type { ServerExtension } from './extensions'
import type { TlsMode, TlsSettings } from './tls/server-tls'
import { DEFAULT_LIMITS, type ServerLimitsConfig } from './limits'

// Options of the embedded server; the limits it enforces are in limits.ts.

export interface TokenLifetimes {
  accessSeconds: number
  refreshSeconds: number
}

export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = {
  accessSeconds: 60 * 60,
  refreshSeconds: 7 * 24 * 60 * 60,
}

/** 'invite': only with an unused invite code (lan/registration-policy.ts). */
export type Registration = 'open' | 'closed' | 'invite'

export interface ParleyServerOptions {
  /** Folder holding parley.db, secret.key and media/. Created when missing. */
  dataDir: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  registration?: Registration
  /** Speak only the seed protocol (Parts A and B): every extension off. */
  seedOnly?: boolean
  limits?: Partial<ServerLimitsConfig>
  /** pino level: 'silent' | 'error' | 'warn' | 'info' | 'debug' … */
  logLevel?: string
  /** Send logs to stderr instead of stdout (the CLI keeps stdout for what it prints). */
  logToStderr?: boolean
  /** Folder with a built web client, served at / when set. */
  webRoot?: string
  /** Shown to clients in /api/parley/info/. */
  name?: string
  /**
   * Names this server is reached by besides its addresses and host name (a reverse proxy's
   * public name, a DNS name). Requests naming anything else are refused (http/host-policy.ts).
   */
  publicNames?: string[]
  /**
   * Reverse proxies in front of this server, by IP address: their X-Forwarded-For and
   * X-Forwarded-Proto are believed (http/trusted-proxies.ts); anyone else's are ignored.
   */
  trustedProxies?: string[]
  /** Token lifetimes; tests shorten them. */
  tokens?: Partial<TokenLifetimes>
  /** Sign-in throttle (auth/login-throttle.ts); tests shorten it. */
  loginThrottle?: Partial<LoginThrottleConfig>
  /** Extensions to run (default: DEFAULT_EXTENSIONS in server.ts); ignored in seed-only mode. */
  extensions?: ServerExtension[]
  /** better-sqlite3 native binding for a non-Node ABI (Electron's utilityProcess). */
  databaseNativeBinding?: string
  /** A postgres:// URL (a cluster's shared database); absent: SQLite in dataDir (storage/open-storage.ts). */
  database?: string
  /**
   * A redis:// (or rediss://) URL: this server is a node of a cluster, its events reach the
   * other nodes' sockets and its limits hold across them (cluster/). Needs a PostgreSQL
   * `database` and a `sharedDir`.
   */
  bus?: string
  /**
   * The folder every node of a cluster shares (`serve --media`): media/, chunked uploads in
   * progress (uploads/) and the signing secret (secret.key). Default: the data folder.
   */
  sharedDir?: string
  /** 'auto' (default): TLS whenever listening on anything but loopback (tls/server-tls.ts). */
  tls?: TlsMode
  /** A certificate and key of one's own (PEM files), instead of the self-signed one in <data>/tls. */
  tlsCertFile?: string
  tlsKeyFile?: string
}

export interface ResolvedOptions {
  dataDir: string
  /** The data folder on one server; the cluster's shared folder with a bus. */
  sharedDir: string
  bus: string | null
  host: string
  port: number
  registration: Registration
  seedOnly: boolean
  limits: ServerLimitsConfig
  logLevel: string
  webRoot: string | null
  name: string
  publicNames: string[]
  trustedProxies: string[]
  tokens: TokenLifetimes
  loginThrottle: LoginThrottleConfig
  tls: TlsSettings
}

export function resolveOptions(options: ParleyServerOptions): ResolvedOptions {
  const given = stripUndefined(options.limits ?? {})
  const limits = { ...DEFAULT_LIMITS, ...given }
  // A smaller frame limit shrinks the default chunk so a chunk frame always fits.
  if (given.chunkBytes === undefined) limits.chunkBytes = Math.min(limits.chunkBytes, Math.floor(limits.maxFrameBytes / 2))
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`Limit ${key} must be a positive number`)
  }
  // One frame of the largest size must always fit, or it could never be sent. The default
  // admits about one at a time: handling a seed frame costs four times its size in copies
  // (ws's buffer, the text, the parsed string, the decoded file), so two 80 MB frames
  // handled together passed 900 MiB (docs/security.md).
  if (given.framesInFlightBytes === undefined) limits.framesInFlightBytes = Math.max(limits.framesInFlightBytes, Math.ceil(1.25 * limits.maxFrameBytes))
  if (limits.framesInFlightBytes < limits.maxFrameBytes) throw new Error('Limit framesInFlightBytes must be at least maxFrameBytes')
  return {
    dataDir: options.dataDir,
    sharedDir: options.sharedDir ?? options.dataDir,
    bus: resolveBus(options),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    registration: options.registration ?? 'closed',
    seedOnly: options.seedOnly ?? false,
    limits,
    logLevel: options.logLevel ?? 'info',
    webRoot: options.webRoot ?? null,
    name: options.name ?? 'Parley',
    publicNames: options.publicNames ?? [],
    trustedProxies: resolveTrustedProxies(options.trustedProxies ?? []),
    tokens: { ...DEFAULT_TOKEN_LIFETIMES, ...stripUndefined(options.tokens ?? {}) },
    loginThrottle: { ...DEFAULT_LOGIN_THROTTLE, ...stripUndefined(options.loginThrottle ?? {}) },
    tls: resolveTls(options),
  }
}

/** A bus only with what every node must share: the database and the folder. */
function resolveBus(options: ParleyServerOptions): string | null {
  const { bus, database } = options
  if (bus === undefined || bus === '') return null
  // The URL may carry a password: it is not repeated in the messages.
  if (!/^rediss?:\/\/[^/]/i.test(bus)) throw new Error('The bus must be a redis:// or rediss:// URL')
  if (!database || !/^postgres(ql)?:\/\//i.test(database)) {
    throw new Error('A bus (--bus) needs a PostgreSQL database (--database postgres://…): SQLite is one machine\'s file, and the nodes of a cluster share one database')
  }
  if (!options.sharedDir) throw new Error('A cluster needs the folder every node shares (--media DIR): files, uploads in progress and the signing secret live there')
  return bus
}

function resolveTls(options: ParleyServerOptions): TlsSettings {
  const mode = options.tls ?? 'auto'
  if (Boolean(options.tlsCertFile) !== Boolean(options.tlsKeyFile)) throw new Error('Give both a TLS certificate and its key, or neither.')
  if (options.tlsCertFile && mode === 'off') throw new Error('A TLS certificate was given but TLS is off.')
  return { mode, certFile: options.tlsCertFile ?? null, keyFile: options.tlsKeyFile ?? null }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

function resolveTrustedProxies(addresses: readonly string[]): string[] {
  for (const address of addresses) {
    if (isIP(address) === 0) throw new Error(`Trusted proxy "${address}" is not an IP address`)
  }
  return [...addresses]
}
