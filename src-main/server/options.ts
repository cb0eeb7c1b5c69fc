import type { ServerExtension } from './extensions'
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
  /** Token lifetimes; tests shorten them. */
  tokens?: Partial<TokenLifetimes>
  /** Extensions to run (default: DEFAULT_EXTENSIONS in server.ts); ignored in seed-only mode. */
  extensions?: ServerExtension[]
  /** better-sqlite3 native binding for a non-Node ABI (Electron's utilityProcess). */
  databaseNativeBinding?: string
}

export interface ResolvedOptions {
  dataDir: string
  host: string
  port: number
  registration: Registration
  seedOnly: boolean
  limits: ServerLimitsConfig
  logLevel: string
  webRoot: string | null
  name: string
  tokens: TokenLifetimes
}

export function resolveOptions(options: ParleyServerOptions): ResolvedOptions {
  const given = stripUndefined(options.limits ?? {})
  const limits = { ...DEFAULT_LIMITS, ...given }
  // A smaller frame limit shrinks the default chunk so a chunk frame always fits.
  if (given.chunkBytes === undefined) limits.chunkBytes = Math.min(limits.chunkBytes, Math.floor(limits.maxFrameBytes / 2))
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`Limit ${key} must be a positive number`)
  }
  return {
    dataDir: options.dataDir,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    registration: options.registration ?? 'closed',
    seedOnly: options.seedOnly ?? false,
    limits,
    logLevel: options.logLevel ?? 'info',
    webRoot: options.webRoot ?? null,
    name: options.name ?? 'Parley',
    tokens: { ...DEFAULT_TOKEN_LIFETIMES, ...stripUndefined(options.tokens ?? {}) },
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
