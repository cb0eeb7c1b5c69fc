// Stored records → wire objects (the seed's objects, docs/protocol.md "Seed surface"). Keys are exactly the seed's;
// `client_id` is added only with extensions on and only when the sender gave one, and the
// Message extension keys only when the recipient declared them (chat/message-ext.ts).
import { formatFileSize } from '../../../src-shared/protocol/format'
import type { Conversation, FileAttachment, Message, ReplyRef, User } from '../../../src-shared/protocol/types'
import type { AttachmentRecord, ConversationRow, MessageRecord, ReplyRecord } from '../storage/storage'
import type { MediaSigner } from '../media/signing'
import { readsChanges, type DeclaredExt } from './message-ext'

export interface WireContext {
  /** "http://host:port" as the recipient reached the server. */
  baseUrl: string
  /** Null when media URLs are unsigned (seed-only mode). */
  signer: MediaSigner | null
  /** Parley extensions on: echo client_id. */
  extensions: boolean
  /** The Message extensions the recipient declared (and the server offers). */
  ext: DeclaredExt
}

/** What a seed client (no `ext=delete`) sees of a deleted message. */
export const DELETED_TEXT = 'Message deleted'

export function toWireMessage(record: MessageRecord, ctx: WireContext): Message {
  const ext = ctx.ext.names
  const message: Message = {
    id: record.id,
    conversation: record.conversationId,
    sender: { ...record.sender },
    content: record.deleted && !ext.has('delete') ? DELETED_TEXT : record.content,
    message_type: record.messageType,
    is_read: record.isRead,
    created_at: record.createdAt,
    file_attachment: record.attachment ? toWireAttachment(record.attachment, ctx) : null,
  }
  if (ctx.extensions && record.clientId !== null) message.client_id = record.clientId
  if (ext.has('edit')) message.edited_at = record.editedAt
  if (ext.has('delete')) message.deleted = record.deleted
  if (ext.has('reply')) message.reply_to = record.replyTo ? toReplyRef(record.replyTo) : null
  if (ext.has('reactions')) message.reactions = record.reactions.map((r) => ({ emoji: r.emoji, user_ids: [...r.userIds] }))
  if (ext.has('mentions')) message.mentions = [...record.mentions]
  if (readsChanges(ctx.ext)) message.revision = record.revision
  return message
}

function toReplyRef(reply: ReplyRecord): ReplyRef {
  const text = reply.content.trim() ? cutText(reply.content) : reply.filename !== null ? `📎 ${reply.filename}` : ''
  return { id: reply.id, sender: { ...reply.sender }, snippet: reply.deleted ? '' : text, deleted: reply.deleted }
}

export function mediaUrlPath(storedPath: string): string {
  return `/media/${storedPath}`
}

function toWireAttachment(attachment: AttachmentRecord, ctx: WireContext): FileAttachment {
  const file = mediaUrlPath(attachment.storedPath)
  const query = ctx.signer ? `?${ctx.signer.sign(file)}` : ''
  return {
    id: attachment.id,
    file,
    file_url: `${ctx.baseUrl}${file}${query}`,
    filename: attachment.filename,
    file_size: attachment.size,
    file_size_display: formatFileSize(attachment.size),
    file_type: attachment.mimeType,
    uploaded_at: attachment.uploadedAt,
  }
}

const PREVIEW_CHARS = 100

export function previewOf(row: Pick<ConversationRow, 'last_type' | 'last_content' | 'last_filename' | 'last_deleted'>): string {
  if (row.last_deleted) return DELETED_TEXT
  if (row.last_type === 'file') return `📎 ${row.last_filename ?? ''}`
  return cutText(row.last_content ?? '')
}

/** The one preview rule (conversation previews, reply snippets): whitespace collapsed, cut at 100 characters with `…`. */
function cutText(raw: string): string {
  const text = raw.replace(/\s+/g, ' ').trim()
  const chars = Array.from(text)
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : text
}

export function toWireConversation(row: ConversationRow, participants: User[], viewerId: number): Conversation {
  const others = participants.filter((p) => p.id !== viewerId)
  return {
    id: row.id,
    participants: participants.map((p) => ({ ...p })),
    other_user: participants.length === 2 && others.length === 1 ? { ...(others[0] as User) } : null,
    title: row.title,
    last_message_at: row.last_message_at,
    last_message_preview: previewOf(row),
    last_message_sender_id: row.last_sender_id,
    unread_count: row.unread_count,
    created_at: row.created_at,
  }
}
