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

export interface OutboxItem {
  clientId: string
  conversationId: number
  kind: 'text' | 'file'
  text: string
  file: { name: string; size: number; type: string } | null
  state: OutboxState
  /** The server's reason, in words, when state is 'failed'. */
  error: string | null
  messageId: number | null
  createdAt: string
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
  hasMore: boolean
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
  'message', 'message-state', 'typing', 'receipt', 'connection', 'upload-progress', 'conversation', 'session-expired',
] as const satisfies readonly EngineEvent[]
