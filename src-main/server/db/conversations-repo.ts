// Conversations and their participants.
import type { User } from '../../../src-shared/protocol/types'
import type { Db } from './open-database'
import { toUser } from './users-repo'

export interface ConversationRow {
  id: number
  title: string
  created_at: string
  last_message_at: string | null
  last_content: string | null
  last_type: 'text' | 'file' | null
  last_sender_id: number | null
  last_filename: string | null
  /** 1 when the last message was deleted (its preview reads "Message deleted"). */
  last_deleted: number | null
  unread_count: number
}

const SUMMARY_COLUMNS = `
  c.id, c.title, c.created_at, c.last_message_at,
  m.content AS last_content, m.message_type AS last_type, m.sender_id AS last_sender_id,
  a.filename AS last_filename, m.deleted_at IS NOT NULL AS last_deleted,
  (SELECT COUNT(*) FROM messages u
     WHERE u.conversation_id = c.id AND u.is_read = 0 AND u.sender_id != @userId) AS unread_count
  FROM conversations c
  LEFT JOIN messages m ON m.id = c.last_message_id
  LEFT JOIN attachments a ON a.id = m.attachment_id`

export class ConversationsRepo {
  private readonly insertConversation
  private readonly insertParticipant
  private readonly byDirectKey
  private readonly participantCheck
  private readonly participantIdsStmt
  private readonly participantsStmt
  private readonly participantsOfUser
  private readonly summaryForUser
  private readonly listForUserStmt
  private readonly unreadStmt
  private readonly markReadStmt
  private readonly touchStmt
  private readonly lastMessageStmt

  constructor(private readonly db: Db) {
    this.insertConversation = db.prepare<[string, string | null, string]>(
      'INSERT INTO conversations (title, direct_key, created_at) VALUES (?, ?, ?)',
    )
    this.insertParticipant = db.prepare<[number, number]>(
      'INSERT OR IGNORE INTO participants (conversation_id, user_id) VALUES (?, ?)',
    )
    this.byDirectKey = db.prepare<[string], { id: number }>('SELECT id FROM conversations WHERE direct_key = ?')
    this.participantCheck = db.prepare<[number, number], { ok: number }>(
      'SELECT 1 AS ok FROM participants WHERE conversation_id = ? AND user_id = ?',
    )
    this.participantIdsStmt = db.prepare<[number], { user_id: number }>(
      'SELECT user_id FROM participants WHERE conversation_id = ? ORDER BY user_id',
    )
    type UserCols = { id: number; email: string; user_type: string; full_name: string }
    this.participantsStmt = db.prepare<[number], UserCols>(
      `SELECT u.id, u.email, u.user_type, u.full_name FROM participants p JOIN users u ON u.id = p.user_id
       WHERE p.conversation_id = ? ORDER BY u.id`,
    )
    this.participantsOfUser = db.prepare<[number], UserCols & { conversation_id: number }>(
      `SELECT p.conversation_id, u.id, u.email, u.user_type, u.full_name
         FROM participants p JOIN users u ON u.id = p.user_id
        WHERE p.conversation_id IN (SELECT conversation_id FROM participants WHERE user_id = ?)
        ORDER BY p.conversation_id, u.id`,
    )
    this.summaryForUser = db.prepare<{ userId: number; conversationId: number }, ConversationRow>(
      `SELECT ${SUMMARY_COLUMNS} WHERE c.id = @conversationId`,
    )
    this.listForUserStmt = db.prepare<{ userId: number }, ConversationRow>(
      `SELECT ${SUMMARY_COLUMNS}
        WHERE c.id IN (SELECT conversation_id FROM participants WHERE user_id = @userId)
        ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC`,
    )
    this.unreadStmt = db.prepare<[number, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND is_read = 0 AND sender_id != ?',
    )
    this.markReadStmt = db.prepare<[number, number]>(
      'UPDATE messages SET is_read = 1 WHERE conversation_id = ? AND is_read = 0 AND sender_id != ?',
    )
    this.lastMessageStmt = db.prepare<[number], { last_message_id: number | null }>(
      'SELECT last_message_id FROM conversations WHERE id = ?',
    )
    this.touchStmt = db.prepare<[number, string, number]>(
      'UPDATE conversations SET last_message_id = ?, last_message_at = ? WHERE id = ?',
    )
  }

  /** Creates a conversation with these participants; returns its id. */
  create(participantIds: readonly number[], title: string, key: string | null): number {
    return this.db.transaction(() => {
      const id = Number(this.insertConversation.run(title, key, new Date().toISOString()).lastInsertRowid)
      for (const userId of participantIds) this.insertParticipant.run(id, userId)
      return id
    }).immediate()
  }

  findDirect(key: string): number | null {
    return this.byDirectKey.get(key)?.id ?? null
  }

  isParticipant(conversationId: number, userId: number): boolean {
    return this.participantCheck.get(conversationId, userId) !== undefined
  }

  participantIds(conversationId: number): number[] {
    return this.participantIdsStmt.all(conversationId).map((r) => r.user_id)
  }

  participants(conversationId: number): User[] {
    return this.participantsStmt.all(conversationId).map(toUser)
  }

  /** Participants of every conversation `userId` belongs to, by conversation id. */
  participantsForUser(userId: number): Map<number, User[]> {
    const byConversation = new Map<number, User[]>()
    for (const row of this.participantsOfUser.all(userId)) {
      const list = byConversation.get(row.conversation_id) ?? []
      list.push(toUser(row))
      byConversation.set(row.conversation_id, list)
    }
    return byConversation
  }

  summary(conversationId: number, userId: number): ConversationRow | null {
    return this.summaryForUser.get({ conversationId, userId }) ?? null
  }

  listForUser(userId: number): ConversationRow[] {
    return this.listForUserStmt.all({ userId })
  }

  unreadCount(conversationId: number, userId: number): number {
    return this.unreadStmt.get(conversationId, userId)?.n ?? 0
  }

  /** Marks every message not sent by `userId` as read; returns how many changed. */
  markRead(conversationId: number, userId: number): number {
    return this.markReadStmt.run(conversationId, userId).changes
  }

  lastMessageId(conversationId: number): number | null {
    return this.lastMessageStmt.get(conversationId)?.last_message_id ?? null
  }

  touchLastMessage(conversationId: number, messageId: number, at: string): void {
    this.touchStmt.run(messageId, at, conversationId)
  }
}
