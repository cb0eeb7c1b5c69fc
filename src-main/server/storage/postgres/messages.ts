// Reads of messages (MessagesStore); writes go through the chat committer (chat-store.ts).
// Every read takes a Queryable so the committer can read inside its transaction too.
import type { MessageRecord, MessagesStore } from '../storage'
import { SELECT_MESSAGE, toRecord, type MessageRow } from './message-rows'
import type { Queryable } from './queryable'

export async function getMessage(db: Queryable, id: number): Promise<MessageRecord | null> {
  const { rows } = await db.query<MessageRow>(`${SELECT_MESSAGE} WHERE m.id = $1`, [id])
  return rows[0] ? toRecord(rows[0]) : null
}

export async function messageByClientId(db: Queryable, senderId: number, clientId: string): Promise<MessageRecord | null> {
  const { rows } = await db.query<MessageRow>(`${SELECT_MESSAGE} WHERE m.sender_id = $1 AND m.client_id = $2`, [senderId, clientId])
  return rows[0] ? toRecord(rows[0]) : null
}

export class PgMessages implements MessagesStore {
  constructor(private readonly db: Queryable) {}

  get(id: number): Promise<MessageRecord | null> {
    return getMessage(this.db, id)
  }

  findByClientId(senderId: number, clientId: string): Promise<MessageRecord | null> {
    return messageByClientId(this.db, senderId, clientId)
  }

  async history(conversationId: number, before: number | null, limit: number): Promise<MessageRecord[]> {
    const { rows } = await this.db.query<MessageRow>(
      `SELECT * FROM (${SELECT_MESSAGE} WHERE m.conversation_id = $1 AND m.id < $2 ORDER BY m.id DESC LIMIT $3) page ORDER BY id`,
      [conversationId, before ?? Number.MAX_SAFE_INTEGER, limit],
    )
    return rows.map(toRecord)
  }

  /** Up to `limit` messages oldest first: about half before `id`, then `id` and those after it. */
  async around(conversationId: number, id: number, limit: number): Promise<MessageRecord[]> {
    const before = Math.floor((limit - 1) / 2)
    const older = before > 0 ? await this.history(conversationId, id, before) : []
    const { rows } = await this.db.query<MessageRow>(
      `${SELECT_MESSAGE} WHERE m.conversation_id = $1 AND m.id >= $2 ORDER BY m.id LIMIT $3`,
      [conversationId, id, limit - older.length],
    )
    return [...older, ...rows.map(toRecord)]
  }

  async changes(conversationId: number, since: number, limit: number): Promise<MessageRecord[]> {
    const { rows } = await this.db.query<MessageRow>(
      // revision > 0 as well: messages_by_revision holds only changed messages (migration 007).
      `${SELECT_MESSAGE} WHERE m.conversation_id = $1 AND m.revision > 0 AND m.revision > $2 ORDER BY m.revision LIMIT $3`,
      [conversationId, since, limit],
    )
    return rows.map(toRecord)
  }

  async newestRevision(conversationId: number): Promise<number> {
    const { rows } = await this.db.query<{ revision: number | null }>(
      'SELECT max(revision) AS revision FROM messages WHERE conversation_id = $1 AND revision > 0', [conversationId],
    )
    return rows[0]?.revision ?? 0
  }

  async attachmentOwner(storedPath: string): Promise<{ conversationId: number; filename: string } | null> {
    const { rows } = await this.db.query<{ conversation_id: number; filename: string }>(
      `SELECT m.conversation_id, a.filename FROM attachments a JOIN messages m ON m.attachment_id = a.id
        WHERE a.stored_path = $1`, [storedPath],
    )
    const row = rows[0]
    return row ? { conversationId: row.conversation_id, filename: row.filename } : null
  }
}
