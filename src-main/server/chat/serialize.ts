// Stored records → wire objects (the seed's objects, docs/protocol.md "Seed surface"). Keys are exactly the seed's;
// `client_id` is added only with extensions on and only when the sender gave one.
import { formatFileSize } from '../../../src-shared/protocol/format'
import type { Conversation, FileAttachment, Message, User } from '../../../src-shared/protocol/types'
import type { ConversationRow } from '../db/conversations-repo'
import type { AttachmentRecord, MessageRecord } from '../db/messages-repo'
import type { MediaSigner } from '../media/signing'

export interface WireContext {
  /** "http://host:port" as the recipient reached the server. */
  baseUrl: string
  /** Null when media URLs are unsigned (seed-only mode). */
  signer: MediaSigner | null
  /** Parley extensions on: echo client_id. */
  extensions: boolean
}

export function toWireMessage(record: MessageRecord, ctx: WireContext): Message {
  const message: Message = {
    id: record.id,
    conversation: record.conversationId,
    sender: { ...record.sender },
    content: record.content,
    message_type: record.messageType,
    is_read: record.isRead,
    created_at: record.createdAt,
    file_attachment: record.attachment ? toWireAttachment(record.attachment, ctx) : null,
  }
  if (ctx.extensions && record.clientId !== null) message.client_id = record.clientId
  return message
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

export function previewOf(row: Pick<ConversationRow, 'last_type' | 'last_content' | 'last_filename'>): string {
  if (row.last_type === 'file') return `📎 ${row.last_filename ?? ''}`
  const text = (row.last_content ?? '').replace(/\s+/g, ' ').trim()
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
