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
  // ---- Message extensions (docs/protocol.md "Message extensions"): each key is present only
  // when the request or socket declared that extension in `ext=` and the server offers it.
  /** `edit`: when the text was last changed; null when never. */
  edited_at?: string | null
  /** `delete`: true once deleted (content "", file_attachment null, message_type "text"). */
  deleted?: boolean
  /** `reply`: the message this one answers, as it is now. */
  reply_to?: ReplyRef | null
  /** `reactions`: one entry per emoji, in the order the emoji was first used. */
  reactions?: Reaction[]
  /** `mentions`: ids of the participants mentioned (`@Name` in the text). */
  mentions?: UserId[]
  /** `edit`/`delete`/`reactions`: server-wide counter of the message's last change (0: never changed). */
  revision?: number
}

/** What a reply shows of the message it answers. */
export interface ReplyRef {
  id: MessageId
  sender: User
  /** Up to 100 characters of its text, `📎 <filename>` for a file without caption, "" once deleted. */
  snippet: string
  deleted: boolean
}

export interface Reaction {
  emoji: string
  user_ids: UserId[]
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
  /** GET /api/parley/search/ (full text) and GET …/messages/?around= (a page around a message). */
  search: 'search',
  /** edit_message frames; Message.edited_at. */
  edit: 'edit',
  /** delete_message frames; Message.deleted. */
  delete: 'delete',
  /** reply_to on sends; Message.reply_to. */
  reply: 'reply',
  /** react frames; Message.reactions. */
  reactions: 'reactions',
  /** mentions on sends; Message.mentions. */
  mentions: 'mentions',
} as const
export type Feature = (typeof FEATURES)[keyof typeof FEATURES]

/**
 * The extensions that change what a Message carries. A client declares the ones it reads
 * with `ext=<comma list>` on socket URLs and message/search requests; without it the
 * server sends seed-shaped objects only (docs/protocol.md "Message extensions").
 */
export const MESSAGE_EXTENSIONS = [
  FEATURES.edit, FEATURES.delete, FEATURES.reply, FEATURES.reactions, FEATURES.mentions,
] as const
export type MessageExtension = (typeof MESSAGE_EXTENSIONS)[number]

/** Emoji offered first by the React action; any single emoji is accepted. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🎉'] as const

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

/** `reply` and `mentions` extensions: optional on chat_message, file_message and upload_start. */
export interface SendExtensions {
  reply_to?: MessageId
  mentions?: UserId[]
}

export interface ChatMessageFrame extends SendExtensions {
  type: 'chat_message'
  message: string
  client_id?: string
}

export interface FileMessageFrame extends SendExtensions {
  type: 'file_message'
  filename: string
  file: string
  message?: string
  client_id?: string
}

/** `edit`: a new text for one's own message (a file's caption); mentions replace the old ones. */
export interface EditMessageFrame {
  type: 'edit_message'
  message_id: MessageId
  message: string
  mentions?: UserId[]
  client_id?: string
}

/** `delete`: one's own message; its file is removed. */
export interface DeleteMessageFrame {
  type: 'delete_message'
  message_id: MessageId
  client_id?: string
}

/** `reactions`: adds (on: true) or removes one's reaction; repeating either changes nothing. */
export interface ReactFrame {
  type: 'react'
  message_id: MessageId
  emoji: string
  on: boolean
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
  /** Chat socket that declared edit, delete or reactions: the conversation's newest revision (every later change comes as message_updated). */
  revision?: number
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

/** An edit, deletion or reaction, to every socket that declared edit, delete or reactions. */
export interface MessageUpdatedFrame {
  type: 'message_updated'
  message: Message
  /** The action's client_id, when the actor gave one: the actor's outbox item is done. */
  client_id?: string
}

/** GET /api/chat/conversations/<id>/messages/changes/?since=<revision> */
export interface MessageChanges {
  /** Messages changed after `since`, oldest change first. */
  messages: Message[]
  /** The conversation's newest revision: the next `since`. */
  revision: number
  has_more: boolean
}

/** GET /api/parley/search/?q= */
export interface SearchResponse {
  results: SearchResult[]
  has_more: boolean
}

export interface SearchResult {
  message: Message
  /** Up to ~160 characters of the text (or the file name) around the first match. */
  snippet: string
  /** [start, end) UTF-16 offsets of matched words in `snippet`. */
  highlights: Array<[number, number]>
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
