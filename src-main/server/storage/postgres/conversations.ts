// Conversations and their participants (ConversationsStore): db/conversations-repo.ts on
// PostgreSQL. A conversation's preview is its newest message (newestMessageId), read
// through messages_by_conversation (migration 006: nothing is stored on the conversation's row).
import type { User } from '../../../../src-shared/protocol/types'
import { toUser } from '../../db/users-repo'
import type { ConversationRow, ConversationsStore } from '../storage'
import type { Queryable } from './queryable'

/** The one rule for a conversation's preview on PostgreSQL: its newest message, as SQL on `conversationId` (a column or a parameter). */
export function newestMessageId(conversationId: string): string {
  return `(SELECT max(id) FROM messages WHERE conversation_id = ${conversationId})`
}

const SUMMARY_COLUMNS = `
  c.id, c.title, c.created_at, m.created_at AS last_message_at,
  m.content AS last_content, m.message_type AS last_type, m.sender_id AS last_sender_id,
  a.filename AS last_filename, (m.deleted_at IS NOT NULL)::int AS last_deleted,
  (SELECT count(*) FROM messages u
     WHERE u.conversation_id = c.id AND u.is_read = 0 AND u.sender_id <> $1) AS unread_count
  FROM conversations c
  LEFT JOIN messages m ON m.id = ${newestMessageId('c.id')}
  LEFT JOIN attachments a ON a.id = m.attachment_id`

type UserCols = { id: number; email: string; user_type: string; full_name: string }

export class PgConversations implements ConversationsStore {
  constructor(private readonly db: Queryable) {}

  async create(participantIds: readonly number[], title: string, key: string | null): Promise<number> {
    const { rows } = await this.db.query<{ id: number }>(
      `WITH c AS (INSERT INTO conversations (title, direct_key, created_at) VALUES ($1, $2, $3) RETURNING id),
            p AS (INSERT INTO participants (conversation_id, user_id)
                  SELECT c.id, u.id FROM c, (SELECT DISTINCT unnest($4::bigint[]) AS id) u)
       SELECT id FROM c`,
      [title, key, new Date().toISOString(), participantIds],
    )
    return (rows[0] as { id: number }).id
  }

  async findDirect(key: string): Promise<number | null> {
    const { rows } = await this.db.query<{ id: number }>('SELECT id FROM conversations WHERE direct_key = $1', [key])
    return rows[0]?.id ?? null
  }

  async isParticipant(conversationId: number, userId: number): Promise<boolean> {
    const { rowCount } = await this.db.query('SELECT 1 FROM participants WHERE conversation_id = $1 AND user_id = $2', [conversationId, userId])
    return (rowCount ?? 0) > 0
  }

  participantIds(conversationId: number): Promise<number[]> {
    return participantIds(this.db, conversationId)
  }

  async participants(conversationId: number): Promise<User[]> {
    const { rows } = await this.db.query<UserCols>(
      `SELECT u.id, u.email, u.user_type, u.full_name FROM participants p JOIN users u ON u.id = p.user_id
        WHERE p.conversation_id = $1 ORDER BY u.id`, [conversationId],
    )
    return rows.map(toUser)
  }

  async participantsForUser(userId: number): Promise<Map<number, User[]>> {
    const { rows } = await this.db.query<UserCols & { conversation_id: number }>(
      `SELECT p.conversation_id, u.id, u.email, u.user_type, u.full_name
         FROM participants p JOIN users u ON u.id = p.user_id
        WHERE p.conversation_id IN (SELECT conversation_id FROM participants WHERE user_id = $1)
        ORDER BY p.conversation_id, u.id`, [userId],
    )
    const byConversation = new Map<number, User[]>()
    for (const row of rows) {
      const list = byConversation.get(row.conversation_id) ?? []
      list.push(toUser(row))
      byConversation.set(row.conversation_id, list)
    }
    return byConversation
  }

  async summary(conversationId: number, userId: number): Promise<ConversationRow | null> {
    const { rows } = await this.db.query<ConversationRow>(`SELECT ${SUMMARY_COLUMNS} WHERE c.id = $2`, [userId, conversationId])
    return rows[0] ?? null
  }

  async listForUser(userId: number): Promise<ConversationRow[]> {
    const { rows } = await this.db.query<ConversationRow>(
      `SELECT ${SUMMARY_COLUMNS}
        WHERE c.id IN (SELECT conversation_id FROM participants WHERE user_id = $1)
        ORDER BY COALESCE(m.created_at, c.created_at) DESC, c.id DESC`, [userId],
    )
    return rows
  }

  async unreadCount(conversationId: number, userId: number): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      'SELECT count(*) AS n FROM messages WHERE conversation_id = $1 AND is_read = 0 AND sender_id <> $2', [conversationId, userId],
    )
    return rows[0]?.n ?? 0
  }

  /** The conversation's newest message (its preview), or null when it has none. */
  async lastMessageId(conversationId: number): Promise<number | null> {
    const { rows } = await this.db.query<{ id: number | null }>(`SELECT ${newestMessageId('$1')} AS id`, [conversationId])
    return rows[0]?.id ?? null
  }
}

export async function participantIds(db: Queryable, conversationId: number): Promise<number[]> {
  const { rows } = await db.query<{ user_id: number }>(
    'SELECT user_id FROM participants WHERE conversation_id = $1 ORDER BY user_id', [conversationId],
  )
  return rows.map((row) => row.user_id)
}
