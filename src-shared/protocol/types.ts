// Wire types of the Parley protocol (docs/protocol.md).
// Seed objects carry exactly these keys; `client_id` appears only when the client sent one.

export type UserId = number
export type ConversationId = number
export type MessageId = number

export interface User {
  id: UserId
  email: string
  user_type: string
  full_name: string
}

export interface FileAttachment {
  id: number
  /** Server path under /media/chat_files/YYYY/MM/DD/ */
  file: string
  /** Absolute URL; on Parley servers it carries an expiring signature. */
  file_url: string
  filename: string
  file_size: number
  file_size_display: string
  file_type: string
  uploaded_at: string
}

export type MessageType = 'text' | 'file'

/** A stored message as broadcast and as returned by history. Note: no `type` key. */
export interface Message {
  id: MessageId
  conversation: ConversationId
  sender: User
  content: string
  message_type: MessageType
  is_read: boolean
  created_at: string
  file_attachment: FileAttachment | null
  /** Parley extension `client_id`: echoed only when the sender supplied one. */
  client_id?: string
}

export interface Conversation {
  id: ConversationId
  participants: User[]
  other_user: User | null
  title: string
  last_message_at: string | null
  last_message_preview: string
  last_message_sender_id: UserId | null
  unread_count: number
  created_at: string
}

export interface AuthTokens {
  access: string
  refresh: string
}

export interface AuthResponse {
  message: string
  user: User
  tokens: AuthTokens
}

/** Names advertised in `connection_established.features` by Parley servers. */
export const FEATURES = {
  clientId: 'client_id',
  chunkedUpload: 'chunked_upload',
  conversationsSocket: 'conversations_socket',
  signedMedia: 'signed_media',
  /** GET /api/users/?search= to find people to start a conversation with. */
  userDirectory: 'user_directory',
  /** {"type":"ping"} on a chat socket is answered {"type":"pong"} (liveness probe). */
  ping: 'ping',
} as const
export type Feature = (typeof FEATURES)[keyof typeof FEATURES]

/** WebSocket close codes used by the protocol. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  /** The server failed handling this socket's frame; the process lives, reconnect. */
  internalError: 1011,
  tryAgainLater: 1013,
  unauthorized: 4001,
  /** Deployed seed servers send 4004 where the protocol says 4404. */
  notFoundLegacy: 4004,
  notFound: 4404,
  tooManySockets: 4429,
} as const

// ---- client → server frames ----

export interface ChatMessageFrame {
  type: 'chat_message'
  message: string
  client_id?: string
}

export interface FileMessageFrame {
  type: 'file_message'
  filename: string
  file: string
  message?: string
  client_id?: string
}

export interface TypingFrame {
  type: 'typing'
  is_typing: boolean
}

export interface MarkReadFrame {
  type: 'mark_read'
}

// ---- server → client frames (chat socket) ----

export interface ConnectionEstablishedFrame {
  type: 'connection_established'
  message: string
  server?: 'parley'
  protocol?: number
  user_id?: UserId
  conversation?: ConversationId
  features?: string[]
  /** Parley: limits the client should respect before sending. */
  limits?: ServerLimits
}

export interface ServerLimits {
  max_file_bytes: number
  max_frame_bytes: number
  chunk_bytes?: number
}

export interface TypingEventFrame {
  type: 'typing'
  user_id: UserId
  user_email: string
  is_typing: boolean
}

export interface ReadReceiptFrame {
  type: 'read_receipt'
  user_id: UserId
}

export interface ErrorFrame {
  type: 'error'
  message: string
  client_id?: string
}

/** Parley extension: GET /api/parley/info/ (no auth). Seed servers answer 404. */
export interface ServerInfo {
  server: 'parley'
  protocol: number
  name: string
  registration: 'open' | 'closed' | 'invite'
  features: string[]
  limits: ServerLimits
  /** SHA-256 of the server's TLS certificate ("AB:CD:…"), when it speaks TLS. Informative only: what a client trusts is what the handshake showed. */
  fingerprint?: string
}
