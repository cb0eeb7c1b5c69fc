// The chat engine's own types: what createChatClient returns and emits. The IPC contract
// (ipc/contract.ts) carries them to the renderer and imports them from here, never the
// reverse, so the engine stands on its own in Node and in a browser page.
import type { AuthTokens, Conversation, Message, User } from '../protocol/types'

export interface ClientSession {
  server: string
  user: User
  tokens: AuthTokens
  /** Extensions the server advertises; empty for a seed-only server. */
  features: string[]
  limits: { maxFileBytes: number | null; chunkThresholdBytes: number }
}

export interface ServerProbe {
  ok: boolean
  /** 'parley' when the server identifies itself, 'seed' when it answers the seed API only. */
  kind: 'parley' | 'seed' | 'unknown'
  registration: 'open' | 'closed' | 'invite' | 'unknown'
  name?: string
  error?: string
}

export type OutboxState = 'queued' | 'sending' | 'sent' | 'read' | 'failed'

/** text/file: a new message; edit/delete/react: an action on a sent message (`targetId`). */
export type OutboxKind = 'text' | 'file' | 'edit' | 'delete' | 'react'

export interface OutboxItem {
  clientId: string
  conversationId: number
  kind: OutboxKind
  /** The message text, the file's caption, or an edit's new text; "" otherwise. */
  text: string
  file: { name: string; size: number; type: string } | null
  state: OutboxState
  /** The server's reason, in words, when state is 'failed'. */
  error: string | null
  /** text/file: the stored message once sent; edit/delete/react: the target. */
  messageId: number | null
  createdAt: string
  /** text/file with the `reply` extension: the message answered. */
  replyTo: number | null
  /** text/file/edit with the `mentions` extension: participants mentioned. */
  mentions: number[]
  /** edit/delete/react: the message acted on. */
  targetId: number | null
  /** react: which emoji, added (on) or removed. */
  reaction: { emoji: string; on: boolean } | null
}

/** What a send may carry besides its text (each needs the server's extension). */
export interface SendOptions {
  replyTo?: number
  mentions?: number[]
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'offline'

export interface ConnectionStatus {
  /** 'list' for the conversation-list socket, else the conversation id. */
  scope: 'list' | number
  state: ConnectionState
  attempt: number
  /** Epoch ms of the next automatic retry, when reconnecting. */
  nextRetryAt: number | null
  reason: string | null
}

export interface HistoryPage {
  messages: Message[]
  /** False when served from the local cache because the server is unreachable. */
  live: boolean
  /** Older messages exist. */
  hasMore: boolean
  /** Newer messages exist (a page around a message, not the newest page). */
  hasNewer: boolean
}

export interface SearchQuery {
  text: string
  /** Only this conversation (Ctrl+F); all the user's conversations when absent. */
  conversationId?: number
  /** Next page: results older than this message id. */
  before?: number
}

export interface SearchHit {
  message: Message
  conversationId: number
  snippet: string
  /** [start, end) offsets of matched words in `snippet`. */
  highlights: Array<[number, number]>
}

export interface SearchResults {
  hits: SearchHit[]
  /** False when the server was unreachable and the search ran over the messages cached on this device. */
  live: boolean
  hasMore: boolean
}

/** This device's choices per conversation (any server, seed included: kept by the client). */
export interface ConversationPrefs {
  conversationId: number
  /** No notifications and not counted in the badge, except messages that mention the user. */
  muted: boolean
  /** Shown as unread until opened again. */
  markedUnread: boolean
}

export interface ConversationList {
  conversations: Conversation[]
  live: boolean
}

export interface UploadProgress {
  clientId: string
  conversationId: number
  sentBytes: number
  totalBytes: number
}

/** Every event the engine emits, with its payload. */
export interface EngineEvents {
  message: Message
  /** A known message changed (edited, deleted, reacted to): replace it by id if `revision` is newer. */
  'message-updated': Message
  'conversation-prefs': ConversationPrefs
  'message-state': OutboxItem
  typing: { conversationId: number; userId: number; userEmail: string; isTyping: boolean }
  receipt: { conversationId: number; userId: number }
  connection: ConnectionStatus
  'upload-progress': UploadProgress
  conversation: Conversation
  'session-expired': { server: string; reason: string }
}
export type EngineEvent = keyof EngineEvents

/** The names of EngineEvents, for a host that forwards them all (main → renderer). */
export const ENGINE_EVENTS = [
  'message', 'message-updated', 'conversation-prefs', 'message-state', 'typing', 'receipt', 'connection', 'upload-progress', 'conversation', 'session-expired',
] as const satisfies readonly EngineEvent[]
