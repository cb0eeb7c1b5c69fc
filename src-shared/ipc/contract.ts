// The one IPC contract between the renderer (through the preload bridge) and main.
// Each invoke channel maps to a zod schema for its arguments (checked in main) and a
// result type; each event channel maps to its payload type. The preload exposes exactly
// these as `window.parley`; the browser bridge implements the same `ParleyApi`.
import { z } from 'zod'
import type { Conversation, Message, User } from '../protocol/types'
import { normalizeFingerprint } from '../protocol/fingerprint'
import type {
  ClientSession, ConversationList, ConversationPrefs, EngineEvents, HistoryPage, OutboxItem, SearchResults, ServerProbe,
} from '../client/types'

// The engine's own types: owned by src-shared/client, re-exported for the contract's users.
export type {
  ConnectionState, ConnectionStatus, ConversationList, ConversationPrefs, EngineEvents, HistoryPage, OutboxItem, OutboxKind, OutboxState,
  SearchHit, SearchQuery, SearchResults, SendOptions, ServerProbe, UploadProgress,
} from '../client/types'

const positiveId = z.number().int().positive()

/** http(s) URL of a Parley or seed server; ws URLs are derived from it. */
export const serverUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter a server address')
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(/^[a-z]+:\/\//i.test(value) ? value : `http://${value}`)
      return url.protocol === 'http:' || url.protocol === 'https:'
    } catch {
      return false
    }
  }, 'Enter a server address such as 192.168.1.20:8000')

/** "AB:CD:…" (any case or spacing is normalized by main): a SHA-256 certificate fingerprint. */
export const fingerprintSchema = z.string().trim().max(200).refine((value) => normalizeFingerprint(value) !== null, 'Not a SHA-256 fingerprint')

const credentialsSchema = z.object({
  /** May be a join link (`https://…/#fp=…`): main trusts that certificate when it matches. */
  server: serverUrlSchema,
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
  /** The fingerprint an mDNS announcement carried: shown in the trust dialog, never trusted on its own. */
  announcedFingerprint: fingerprintSchema.optional(),
})

const registrationSchema = credentialsSchema.extend({
  fullName: z.string().trim().min(1).max(150),
  inviteCode: z.string().trim().max(128).optional(),
})

export const registrationModeSchema = z.enum(['open', 'closed', 'invite'])
export type RegistrationMode = z.infer<typeof registrationModeSchema>

/** Where and how this app hosts: an address of this computer (0.0.0.0 / :: for all), a port. */
export const hostConfigSchema = z.object({
  address: z.union([z.ipv4(), z.ipv6()], 'Choose a network address of this computer'),
  port: z.number().int().min(0, 'Use a port from 0 to 65535').max(65535, 'Use a port from 0 to 65535'),
  registration: registrationModeSchema,
  name: z.string().trim().min(1, 'Give the server a name').max(63),
}).strict()
export type HostConfig = z.infer<typeof hostConfigSchema>

const hostEmailSchema = z.string().trim().min(3).max(254)
const hostPasswordSchema = z.string().min(8, 'The password must have at least 8 characters').max(1024)
const hostNewUserSchema = z.object({
  email: hostEmailSchema,
  fullName: z.string().trim().min(1).max(150),
  password: hostPasswordSchema,
}).strict()

const textSchema = z.string().max(64 * 1024)
const clientIdSchema = z.string().min(1).max(128)
/** Absolute path chosen by the user (drop, picker, paste); main re-checks it. */
const filePathSchema = z.string().min(1).max(4096)
const sendOptionsSchema = z.object({
  replyTo: positiveId.optional(),
  mentions: z.array(positiveId).max(50).optional(),
}).strict()
/** One emoji (a grapheme of a few code points); the server checks it is an emoji. */
const emojiSchema = z.string().min(1).max(32)
const searchQuerySchema = z.object({
  text: z.string().trim().min(1, 'Type something to search for').max(200),
  conversationId: positiveId.optional(),
  before: positiveId.optional(),
}).strict()

export const invokeSchemas = {
  'app:info': z.tuple([]),
  /** The join link a `parley:` link opened the app with, once (then null). */
  'app:take-join-link': z.tuple([]),
  'session:get': z.tuple([]),
  'session:sign-in': z.tuple([credentialsSchema]),
  'session:register': z.tuple([registrationSchema]),
  'session:sign-out': z.tuple([]),
  'session:probe-server': z.tuple([serverUrlSchema]),
  /** Why main refused this server's certificate last (for the trust dialog); null when it did not. */
  'tls:certificate': z.tuple([serverUrlSchema]),
  /** Pins the certificate main saw at this server, named by the fingerprint the person was shown. */
  'tls:trust': z.tuple([z.object({ server: serverUrlSchema, fingerprint: fingerprintSchema }).strict()]),
  'accounts:list': z.tuple([]),
  'accounts:switch': z.tuple([z.string().min(1).max(256)]),
  'conversations:list': z.tuple([]),
  'conversations:create': z.tuple([z.array(positiveId).min(1).max(256)]),
  'users:search': z.tuple([z.string().max(254)]),
  'messages:history': z.tuple([positiveId, positiveId.optional()]),
  /** The newest page held locally (no network), shown while 'messages:history' is on its way. */
  'messages:cached': z.tuple([positiveId]),
  /** A page of history around one message (a search result, a reply's original). */
  'messages:around': z.tuple([positiveId, positiveId]),
  'messages:search': z.tuple([searchQuerySchema]),
  'messages:send-text': z.tuple([positiveId, textSchema.min(1), sendOptionsSchema.optional()]),
  /** conversation, message, new text (a file's caption may be empty), mentions. */
  'messages:edit': z.tuple([positiveId, positiveId, textSchema, z.array(positiveId).max(50).optional()]),
  'messages:delete': z.tuple([positiveId, positiveId]),
  /** conversation, message, emoji, on (add) / off (remove). */
  'messages:react': z.tuple([positiveId, positiveId, emojiSchema, z.boolean()]),
  'messages:send-file': z.tuple([positiveId, filePathSchema, textSchema.optional()]),
  'messages:send-clipboard-image': z.tuple([positiveId, textSchema.optional()]),
  'outbox:retry': z.tuple([clientIdSchema]),
  'outbox:discard': z.tuple([clientIdSchema]),
  'outbox:list': z.tuple([positiveId]),
  'conversation:view': z.tuple([positiveId.nullable()]),
  'conversation:typing': z.tuple([positiveId, z.boolean()]),
  /** This device's mute and marked-unread choices, every conversation that has one. */
  'conversation:prefs': z.tuple([]),
  'conversation:set-muted': z.tuple([positiveId, z.boolean()]),
  'conversation:set-unread': z.tuple([positiveId, z.boolean()]),
  'files:pick': z.tuple([]),
  'files:open': z.tuple([positiveId, positiveId]),
  'files:save-as': z.tuple([positiveId, positiveId]),
  'links:open': z.tuple([z.string().max(8192)]),
  'connection:retry-now': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:set': z.tuple([z.object({
    closeToTray: z.boolean().optional(),
    notifications: z.boolean().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
  }).strict()]),
  // LAN hosting (src-main/host): the embedded server in a utilityProcess, run by this app.
  'host:status': z.tuple([]),
  'host:interfaces': z.tuple([]),
  'host:start': z.tuple([hostConfigSchema]),
  'host:stop': z.tuple([]),
  'host:set-registration': z.tuple([registrationModeSchema]),
  'host:users': z.tuple([]),
  'host:create-user': z.tuple([hostNewUserSchema]),
  'host:reset-password': z.tuple([z.object({ email: hostEmailSchema, password: hostPasswordSchema }).strict()]),
  'host:remove-user': z.tuple([hostEmailSchema]),
  'host:create-invite': z.tuple([]),
  'host:invites': z.tuple([]),
  'host:revoke-invite': z.tuple([z.string().trim().min(1).max(64)]),
  /** Open Parley at login (hidden, in the tray), so hosting resumes after a restart of the computer. */
  'host:set-start-at-login': z.tuple([z.boolean()]),
  /** Parley hosts advertised on the LAN (mDNS); starts browsing, updates come as 'hosts-discovered'. */
  'discovery:list': z.tuple([]),
} as const

export type InvokeChannel = keyof typeof invokeSchemas
export type InvokeArgs<C extends InvokeChannel> = z.infer<(typeof invokeSchemas)[C]>

export type SecretStorageKind = 'os' | 'plaintext-test' | 'unavailable'

export interface SessionInfo {
  accountId: string
  server: string
  user: User
  /** Extensions advertised by the server; empty for a seed-only server. */
  features: string[]
  /** Where the refresh token is kept; 'unavailable' means it is not kept at all. */
  secretStorage: SecretStorageKind
  limits: ClientSession['limits']
}

/** Where the fingerprint a person compares came from. */
export type CertificateSource = 'typed' | 'mdns' | 'join-link'

/** A certificate main refused: what the trust dialog shows. */
export interface CertificateCheck {
  /** The server's origin ("https://192.168.1.20:8000"). */
  server: string
  /** SHA-256 of the certificate the server presented now, "AB:CD:…". */
  fingerprint: string
  /** untrusted: first use, nothing pinned; changed: not the pinned key; mismatch: not the join link's fingerprint. */
  reason: 'untrusted' | 'changed' | 'mismatch'
  /** The fingerprint trusted before, when reason is 'changed'. */
  previousFingerprint: string | null
  /** What a join link or mDNS announcement said to expect, if anything. */
  expected: { fingerprint: string; source: Exclude<CertificateSource, 'typed'> } | null
}

export interface AccountSummary {
  accountId: string
  server: string
  email: string
  fullName: string
  active: boolean
}

export interface Settings {
  closeToTray: boolean
  notifications: boolean
  theme: 'system' | 'light' | 'dark'
}

export interface AppInfo {
  version: string
  platform: string
  /** Where secrets would be kept on this machine, known before anyone signs in. */
  secretStorage: SecretStorageKind
  /** The server this app hosts locally when none is configured (prefill for sign-in), else null. */
  localServerUrl: string | null
}

export interface InviteCode {
  /** "K7QF-3MZP-W2XA": good for one registration. */
  code: string
  createdAt: string
  usedAt: string | null
  /** Email of the account created with it, when used (null once that account is removed). */
  usedBy: string | null
}

export interface PresenceEntry {
  user: User
  /** Open sockets (chat + list) of this person: several windows or devices. */
  sockets: number
}

/** One way to reach the host from another device. */
export interface JoinAddress {
  interface: string
  family: 'IPv4' | 'IPv6'
  address: string
  /** https://address:port/ (http:// without TLS) — the browser URL and the server address for the app. */
  url: string
  /** The url with `#fp=<fingerprint>` when the host speaks TLS: the app trusts that certificate at once. */
  joinLink: string
  /** The join link as a QR code (SVG data URL), to open it from a phone. */
  qrDataUrl: string
}

/** 'restarting': the server process died on its own and is being started again (with backoff). */
export type HostState = 'stopped' | 'starting' | 'running' | 'restarting' | 'stopping' | 'failed'

/**
 * Who the app's server process serves: the LAN (hosting, the panel's business), or only this
 * computer (the embedded server the app runs when no other server is used: loopback, not
 * advertised). One process, one supervisor, either way.
 */
export type HostReach = 'lan' | 'this-computer'

export interface HostStatus {
  state: HostState
  reach: HostReach
  /** What was (or will be) started; the saved choice when stopped. */
  config: HostConfig
  /** The address this app's own client uses for the hosted server, when running. */
  url: string | null
  /** SHA-256 fingerprint of the server's TLS certificate ("AB:CD:…") when it speaks TLS. */
  fingerprint: string | null
  /** Parley opens at login (hidden) so hosting resumes; null where this window or OS cannot. */
  startAtLogin: boolean | null
  joinAddresses: JoinAddress[]
  presence: PresenceEntry[]
  /** Advertised over mDNS (false for a loopback-only server or when multicast failed). */
  advertising: boolean
  /** The account this app signs in with on its own server. */
  hostAccount: string | null
  /** Why it failed, stopped unexpectedly or is restarting, in words. */
  error: string | null
}

/** A network address this computer could host on. */
export interface NetworkChoice {
  address: string
  label: string
  family: 'IPv4' | 'IPv6' | 'any'
}

export interface DiscoveredHost {
  /** The DNS-SD instance (unique on the LAN). */
  id: string
  name: string
  /** http(s)://address:port, ready for the sign-in form. */
  url: string
  /** The TLS fingerprint the announcement carries (TXT `fp`); anyone on the LAN can forge it. */
  fingerprint: string | null
  addresses: string[]
  port: number
  registration: RegistrationMode
  protocol: string
}

export interface InvokeResults {
  'app:info': AppInfo
  'app:take-join-link': string | null
  'session:get': SessionInfo | null
  'session:sign-in': SessionInfo
  'session:register': SessionInfo
  'session:sign-out': void
  'session:probe-server': ServerProbe
  'tls:certificate': CertificateCheck | null
  'tls:trust': void
  'accounts:list': AccountSummary[]
  'accounts:switch': SessionInfo
  'conversations:list': ConversationList
  'conversations:create': Conversation
  'users:search': User[]
  'messages:history': HistoryPage
  /** Oldest first; empty when nothing is cached (or the bridge keeps no cache). Not confirmed by the server. */
  'messages:cached': Message[]
  'messages:around': HistoryPage
  'messages:search': SearchResults
  'messages:send-text': OutboxItem
  'messages:edit': OutboxItem
  'messages:delete': OutboxItem
  'messages:react': OutboxItem
  'messages:send-file': OutboxItem
  'messages:send-clipboard-image': OutboxItem | null
  'outbox:retry': void
  'outbox:discard': void
  'outbox:list': OutboxItem[]
  'conversation:view': void
  'conversation:typing': void
  'conversation:prefs': ConversationPrefs[]
  'conversation:set-muted': ConversationPrefs
  'conversation:set-unread': ConversationPrefs
  'files:pick': string[]
  'files:open': void
  'files:save-as': boolean
  'links:open': boolean
  'connection:retry-now': void
  'settings:get': Settings
  'settings:set': Settings
  'host:status': HostStatus
  'host:interfaces': NetworkChoice[]
  'host:start': HostStatus
  'host:stop': HostStatus
  'host:set-registration': HostStatus
  'host:users': User[]
  'host:create-user': User
  'host:reset-password': void
  'host:remove-user': void
  'host:create-invite': InviteCode
  'host:invites': InviteCode[]
  'host:revoke-invite': void
  'host:set-start-at-login': HostStatus
  'discovery:list': DiscoveredHost[]
}

/** The engine's events (src-shared/client/types.ts) and main's own. */
export interface EventPayloads extends EngineEvents {
  /** Main asks the UI to show a conversation (a notification or tray item was clicked). */
  'open-conversation': { conversationId: number }
  /** The LAN host's state, join addresses and who is connected changed. */
  'host-status': HostStatus
  /** The Parley hosts seen on the LAN changed. */
  'hosts-discovered': DiscoveredHost[]
  /** A `parley:` link was opened while the app runs: take it with 'app:take-join-link'. */
  'join-link': { url: string }
}
export type EventChannel = keyof EventPayloads
