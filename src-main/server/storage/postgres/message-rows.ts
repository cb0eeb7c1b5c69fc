// A message as read from PostgreSQL: the one SELECT every message read uses (its sender,
// file, reply, reactions and mentions in one row) and the row → MessageRecord mapping,
// the same shape db/messages-repo.ts reads from SQLite.
import type { MessageType } from '../../../../src-shared/protocol/types'
import type { MessageRecord, ReactionRecord } from '../storage'
import { toUser } from '../../db/users-repo'
import { searchTerms } from '../../../../src-shared/protocol/search-text'

export interface MessageRow {
  id: number
  conversation_id: number
  content: string
  message_type: MessageType
  is_read: number
  created_at: string
  client_id: string | null
  sender_id: number
  sender_email: string
  sender_user_type: string
  sender_full_name: string
  attachment_id: number | null
  stored_path: string | null
  filename: string | null
  file_size: number | null
  file_type: string | null
  uploaded_at: string | null
  edited_at: string | null
  deleted_at: string | null
  revision: number
  mention_ids: string | null
  reaction_rows: Array<[string, number]> | null
  reply_id: number | null
  reply_content: string | null
  reply_deleted_at: string | null
  reply_filename: string | null
  reply_sender_id: number | null
  reply_sender_email: string | null
  reply_sender_user_type: string | null
  reply_sender_full_name: string | null
}

export const SELECT_MESSAGE = `
  SELECT m.id, m.conversation_id, m.content, m.message_type, m.is_read, m.created_at, m.client_id,
         u.id AS sender_id, u.email AS sender_email, u.user_type AS sender_user_type,
         u.full_name AS sender_full_name,
         a.id AS attachment_id, a.stored_path, a.filename, a.file_size, a.file_type, a.uploaded_at,
         m.edited_at, m.deleted_at, m.revision,
         (SELECT string_agg(user_id::text, ',' ORDER BY position) FROM message_mentions WHERE message_id = m.id) AS mention_ids,
         (SELECT json_agg(json_build_array(emoji, user_id) ORDER BY id) FROM reactions WHERE message_id = m.id) AS reaction_rows,
         r.id AS reply_id, r.content AS reply_content, r.deleted_at AS reply_deleted_at, ra.filename AS reply_filename,
         ru.id AS reply_sender_id, ru.email AS reply_sender_email, ru.user_type AS reply_sender_user_type,
         ru.full_name AS reply_sender_full_name
    FROM messages m
    JOIN users u ON u.id = m.sender_id
    LEFT JOIN attachments a ON a.id = m.attachment_id
    LEFT JOIN messages r ON r.id = m.reply_to
    LEFT JOIN users ru ON ru.id = r.sender_id
    LEFT JOIN attachments ra ON ra.id = r.attachment_id`

export function toRecord(row: MessageRow): MessageRecord {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    sender: toUser({ id: row.sender_id, email: row.sender_email, user_type: row.sender_user_type, full_name: row.sender_full_name }),
    content: row.content,
    messageType: row.message_type,
    isRead: row.is_read === 1,
    createdAt: row.created_at,
    clientId: row.client_id,
    attachment: row.attachment_id === null ? null : {
      id: row.attachment_id,
      storedPath: row.stored_path as string,
      filename: row.filename as string,
      size: row.file_size as number,
      mimeType: row.file_type as string,
      uploadedAt: row.uploaded_at as string,
    },
    editedAt: row.edited_at,
    deleted: row.deleted_at !== null,
    revision: row.revision,
    replyTo: row.reply_id === null ? null : {
      id: row.reply_id,
      sender: toUser({
        id: row.reply_sender_id as number, email: row.reply_sender_email as string,
        user_type: row.reply_sender_user_type as string, full_name: row.reply_sender_full_name as string,
      }),
      content: row.reply_content as string,
      filename: row.reply_filename,
      deleted: row.reply_deleted_at !== null,
    },
    reactions: groupReactions(row.reaction_rows ?? []),
    mentions: row.mention_ids === null ? [] : row.mention_ids.split(',').map(Number),
  }
}

function groupReactions(rows: ReadonlyArray<[string, number]>): ReactionRecord[] {
  const byEmoji = new Map<string, number[]>()
  for (const [emoji, userId] of rows) {
    const users = byEmoji.get(emoji)
    if (users) users.push(userId)
    else byEmoji.set(emoji, [userId])
  }
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, userIds }))
}

/** A tsvector lexeme holds at most 2,047 bytes; a longer "word" (a pasted blob) is left out of the index. */
const MAX_LEXEME_BYTES = 2046

/**
 * The words of a message's text and file name as messages.search stores them (for
 * array_to_tsvector, which takes them literally): folded by the shared search rule, so
 * a query's terms (searchTerms) match exactly what FTS5 would match on SQLite.
 */
export function searchWords(content: string, filename: string | null): string[] {
  const words = new Set([...searchTerms(content), ...searchTerms(filename ?? '')])
  return [...words].filter((word) => Buffer.byteLength(word) <= MAX_LEXEME_BYTES)
}
