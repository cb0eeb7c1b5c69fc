// What the chat engine needs from its host, passed in so the same code runs in Electron
// main (the `ws` package, SQLite/JSON storage, fs file reads) and in a browser page.
import type { AuthTokens, User } from '../protocol/types'
import type { ConversationPrefs, OutboxItem, SearchQuery, SearchResults } from './types'

/**
 * Method-style signature so that both the DOM WebSocket's and the `ws` package's handler
 * types are assignable (method parameters are checked bivariantly).
 */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack']

/** The subset of the WHATWG WebSocket API the engine uses; `ws` implements it too. */
export interface SocketLike {
  readonly readyState: number
  readonly bufferedAmount?: number
  send(data: string | Uint8Array): void
  close(code?: number, reason?: string): void
  onopen: Handler<unknown> | null
  onmessage: Handler<{ data: unknown }> | null
  onclose: Handler<{ code: number; reason: string }> | null
  onerror: Handler<unknown> | null
}
export type SocketFactory = new (url: string) => SocketLike

export type TimerHandle = unknown
export interface Clock {
  now(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
}

/** A file to send: read in ranges so a large file never sits whole in memory. */
export interface FileSource {
  name: string
  size: number
  /** MIME type; '' when unknown. */
  type: string
  /** Bytes [start, end) of the file. */
  read(start: number, end: number): Promise<Uint8Array>
}

/** An outbox item as persisted by the host, with what the engine needs to resume it. */
export interface StoredOutboxEntry {
  item: OutboxItem
  /** Order of sending within the whole outbox (monotonic). */
  seq: number
  /** Opaque host reference to reopen a file item after restart (e.g. its path). */
  fileRef: string | null
  /** Newest message id known in the conversation when the item was queued (seed-only dedupe). */
  afterMessageId: number | null
  /** Server origin the item belongs to; entries of other servers are left alone. */
  server: string
  /** Sender user id the item belongs to. */
  userId: number
}

export interface OutboxStorage {
  load(): Promise<StoredOutboxEntry[]> | StoredOutboxEntry[]
  put(entry: StoredOutboxEntry): Promise<void> | void
  remove(clientId: string): Promise<void> | void
}

/** Whose preferences: the signed-in user on a server. */
export interface PrefsAccount {
  server: string
  userId: number
}

/** Where this device keeps its per-conversation choices (mute, marked unread), per account. */
export interface PrefsStorage {
  load(account: PrefsAccount): Promise<ConversationPrefs[]> | ConversationPrefs[]
  /** A conversation's prefs; both flags false means none are kept. */
  put(account: PrefsAccount, prefs: ConversationPrefs): Promise<void> | void
}

/** Search over the messages this device keeps, for when the server cannot be reached. */
export type SearchCache = (query: SearchQuery) => Promise<Omit<SearchResults, 'live'>> | Omit<SearchResults, 'live'>

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
/** Structured log sink. The engine never passes tokens, passwords or message text. */
export type Logger = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void

export interface ChatClientDeps {
  WebSocket: SocketFactory
  fetch: typeof globalThis.fetch
  outboxStorage?: OutboxStorage
  /** Mute and marked-unread choices; kept in memory for the session when absent. */
  prefsStorage?: PrefsStorage
  /** Offline search over the host's cached messages (main); without it search needs the server. */
  searchCache?: SearchCache
  /** Reopens a queued file after a restart; return null when it is gone. */
  openFile?: (fileRef: string) => FileSource | null | Promise<FileSource | null>
  /** base64 encoder for the seed `file_message` path (Buffer in Node, btoa in a page). */
  base64: (bytes: Uint8Array) => string
  clock?: Clock
  randomId?: () => string
  /** Called whenever tokens change (sign-in, refresh) so the host can keep them safely. */
  onTokens?: (tokens: AuthTokens, user: User) => void
  log?: Logger
  /** Tunables; defaults in options.ts. */
  options?: Partial<import('./options').EngineOptions>
}

export function defaultRandomId(): string {
  return globalThis.crypto.randomUUID()
}
