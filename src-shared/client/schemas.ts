// Shape checks for what servers send. Lenient where deployed servers are known to differ
// (missing optional-looking fields get defaults), strict where the engine would otherwise
// act on garbage (ids, sender, content types). Unknown keys are dropped, except that a
// Message keeps `client_id`, which the outbox needs, and the Message extension keys
// (docs/protocol.md "Declaring what a client reads"), each checked when present: a
// malformed one fails the whole Message, which is then dropped with the reason logged.
import { z } from 'zod'
import type { Conversation, FileAttachment, Message, User } from '../protocol/types'
import { stripInvisible } from '../protocol/visible-text'

const id = z.number().int().positive()
const text = z.string().nullish().transform((value) => value ?? '')
/** A name people read: invisible and bidi control characters removed (protocol/visible-text.ts). */
const name = z.string().nullish().transform((value) => stripInvisible(value ?? ''))

export const userSchema = z.object({
  id,
  email: z.string(),
  user_type: text,
  full_name: name,
})

export const fileAttachmentSchema = z.object({
  id: z.number().int().nonnegative().catch(0),
  file: text,
  file_url: z.string(),
  filename: z.string().transform(stripInvisible),
  file_size: z.number().nonnegative(),
  file_size_display: text,
  file_type: z.string().nullish().transform((value) => value || 'application/octet-stream'),
  uploaded_at: text,
})

/** Bounds a list from the wire: no participant list or reaction set is this long. */
const MAX_WIRE_LIST = 10_000

const replyRefSchema = z.object({
  id,
  sender: userSchema,
  snippet: z.string().max(1_000),
  deleted: z.boolean(),
})

const reactionSchema = z.object({
  emoji: z.string().min(1).max(64),
  user_ids: z.array(id).max(MAX_WIRE_LIST),
})

/** The Message extension keys; each optional, since only the declared ones are sent. */
const messageExtensionsSchema = {
  edited_at: z.string().max(64).nullable().optional(),
  deleted: z.boolean().optional(),
  reply_to: replyRefSchema.nullable().optional(),
  reactions: z.array(reactionSchema).max(MAX_WIRE_LIST).optional(),
  mentions: z.array(id).max(MAX_WIRE_LIST).optional(),
  revision: z.number().int().nonnegative().optional(),
}

const EXTENSION_KEYS = Object.keys(messageExtensionsSchema) as (keyof typeof messageExtensionsSchema)[]

export const messageSchema = z
  .object({
    id,
    conversation: id.optional(),
    conversation_id: id.optional(),
    sender: userSchema,
    content: text,
    message_type: z.enum(['text', 'file']).optional(),
    is_read: z.boolean().nullish().transform((value) => value ?? false),
    created_at: z.string(),
    file_attachment: fileAttachmentSchema.nullish().transform((value) => value ?? null),
    client_id: z.string().min(1).max(256).optional(),
    ...messageExtensionsSchema,
  })
  .transform((raw) => ({
    id: raw.id,
    conversation: raw.conversation ?? raw.conversation_id ?? 0,
    sender: raw.sender,
    content: raw.content,
    message_type: raw.message_type ?? (raw.file_attachment ? 'file' : 'text'),
    is_read: raw.is_read,
    created_at: raw.created_at,
    file_attachment: raw.file_attachment,
    ...(raw.client_id !== undefined ? { client_id: raw.client_id } : {}),
    ...Object.fromEntries(EXTENSION_KEYS.filter((key) => raw[key] !== undefined).map((key) => [key, raw[key]])),
  }))

export const conversationSchema = z.object({
  id,
  participants: z.array(userSchema).catch([]),
  other_user: userSchema.nullish().catch(null).transform((value) => value ?? null),
  title: name,
  last_message_at: z.string().nullish().transform((value) => value ?? null),
  last_message_preview: text,
  last_message_sender_id: id.nullish().catch(null).transform((value) => value ?? null),
  unread_count: z.number().int().nonnegative().catch(0),
  created_at: text,
})

/** First problem of a failed parse, in a few words for logs (never the content). */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid shape'
  const where = issue.path.length ? issue.path.join('.') : 'frame'
  return `${where}: ${issue.message}`
}

/** Parses a Message; `conversationId` fills servers that omit it on socket broadcasts. */
export function parseMessage(raw: unknown, conversationId?: number): { ok: true; message: Message } | { ok: false; reason: string } {
  const result = messageSchema.safeParse(raw)
  if (!result.success) return { ok: false, reason: describeIssue(result.error) }
  const message = result.data as Message
  if (!message.conversation) {
    if (!conversationId) return { ok: false, reason: 'conversation: missing' }
    message.conversation = conversationId
  }
  return { ok: true, message }
}

export function parseMessages(raw: unknown, conversationId?: number): { ok: true; messages: Message[]; dropped: number } | { ok: false; reason: string } {
  if (!Array.isArray(raw)) {
    // DRF pagination wraps lists as {results: [...]}; accept it.
    const results = (raw as { results?: unknown } | null)?.results
    if (!Array.isArray(results)) return { ok: false, reason: 'expected a list of messages' }
    raw = results
  }
  const messages: Message[] = []
  let dropped = 0
  for (const item of raw as unknown[]) {
    const parsed = parseMessage(item, conversationId)
    if (parsed.ok) messages.push(parsed.message)
    else dropped += 1
  }
  return { ok: true, messages, dropped }
}

export function parseConversation(raw: unknown): Conversation | null {
  const result = conversationSchema.safeParse(raw)
  return result.success ? (result.data as Conversation) : null
}

export function parseUser(raw: unknown): User | null {
  const result = userSchema.safeParse(raw)
  return result.success ? result.data : null
}

export type { FileAttachment }
