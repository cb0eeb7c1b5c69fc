// Messages and their file attachments.
import type { MessageType, User } from '../../../src-shared/protocol/types'
import type { Db } from './open-database'
import type { SearchIndex } from './search-index'
import { toUser } from './users-repo'

export interface AttachmentRecord {
  id: number
  /** Relative to the media root, with forward slashes: "chat_files/2026/01/14/ab12…_doc.pdf". */
  storedPath: string
  filename: string
  size: number
  mimeType: string
  uploadedAt: string
}

/** The message a reply answers, as it is now (chat/serialize.ts makes its snippet). */
export interface ReplyRecord {
  id: number
  sender: User
  content: string
  filename: string | null
  deleted: boolean
}

export interface ReactionRecord {
  emoji: string
  userIds: number[]
}

/** A stored message as the server knows it; chat/serialize.ts turns it into the wire Message. */
export interface MessageRecord {
  id: number
  conversationId: number
  sender: User
  content: string
  messageType: MessageType
  isRead: boolean
  createdAt: string
  clientId: string | null
  attachment: AttachmentRecord | null
  editedAt: string | null
  deleted: boolean
  /** Server-wide revision of the last edit, deletion or reaction; 0 when never changed. */
  revision: number
  replyTo: ReplyRecord | null
  /** Emoji in order of first use, users in order of reacting. */
  reactions: ReactionRecord[]
  mentions: number[]
}

export interface NewMessage {
  conversationId: number
  sender: User
  content: string
  clientId: string | null
  attachment: Omit<AttachmentRecord, 'id'> | null
  /** Checked by the caller: a live message of the same conversation. */
  replyTo: number | null
  /** Checked by the caller: participants, no repeats. */
  mentions: readonly number[]
}

export type ActionKind = 'edit' | 'delete' | 'react'

/** A message row as both engines' SELECT returns it (PostgreSQL: storage/postgres/message-rows.ts). */
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
  reaction_rows: string
  reply_id: number | null
  reply_content: string | null
  reply_deleted_at: string | null
  reply_filename: string | null
  reply_sender_id: number | null
  reply_sender_email: string | null
  reply_sender_user_type: string | null
  reply_sender_full_name: string | null
}

/**
 * The one message SELECT of both engines (a MessageRow per message), but for how each
 * aggregates the message's mentions (ids, comma-separated, by position) and reactions
 * (a JSON array of [emoji, user id], in order of reacting). PostgreSQL: storage/postgres/message-rows.ts.
 */
export function selectMessage(mentionIds: string, reactionRows: string): string {
  return `
  SELECT m.id, m.conversation_id, m.content, m.message_type, m.is_read, m.created_at, m.client_id,
         u.id AS sender_id, u.email AS sender_email, u.user_type AS sender_user_type,
         u.full_name AS sender_full_name,
         a.id AS attachment_id, a.stored_path, a.filename, a.file_size, a.file_type, a.uploaded_at,
         m.edited_at, m.deleted_at, m.revision,
         ${mentionIds} AS mention_ids,
         ${reactionRows} AS reaction_rows,
         r.id AS reply_id, r.content AS reply_content, r.deleted_at AS reply_deleted_at, ra.filename AS reply_filename,
         ru.id AS reply_sender_id, ru.email AS reply_sender_email, ru.user_type AS reply_sender_user_type,
         ru.full_name AS reply_sender_full_name
    FROM messages m
    JOIN users u ON u.id = m.sender_id
    LEFT JOIN attachments a ON a.id = m.attachment_id
    LEFT JOIN messages r ON r.id = m.reply_to
    LEFT JOIN users ru ON ru.id = r.sender_id
    LEFT JOIN attachments ra ON ra.id = r.attachment_id`
}

const SELECT_MESSAGE = selectMessage(
  '(SELECT group_concat(user_id) FROM (SELECT user_id FROM message_mentions WHERE message_id = m.id ORDER BY position))',
  '(SELECT json_group_array(json_array(emoji, user_id)) FROM (SELECT emoji, user_id FROM reactions WHERE message_id = m.id ORDER BY rowid))',
)

export class MessagesRepo {
  private readonly insertMessage
  private readonly insertAttachment
  private readonly byId
  private readonly byClientId
  private readonly historyStmt
  private readonly historyBeforeStmt
  private readonly attachmentByPath
  private readonly aroundBeforeStmt
  private readonly aroundFromStmt
  private readonly changesStmt
  private readonly newestRevisionStmt
  private readonly nextRevisionStmt
  private readonly insertMention
  private readonly clearMentions
  private readonly editStmt
  private readonly deleteStmt
  private readonly deleteAttachment
  private readonly clearReactions
  private readonly addReaction
  private readonly removeReaction
  private readonly reactionCount
  private readonly touchRevisionStmt
  private readonly actionStmt
  private readonly recordActionStmt

  /** `search`: where inserts, edits and deletions queue the message for the search index. */
  constructor(db: Db, private readonly search: SearchIndex) {
    this.insertMessage = db.prepare<[number, number, string, MessageType, string, string | null, number | null, number | null]>(
      `INSERT INTO messages (conversation_id, sender_id, content, message_type, created_at, client_id, attachment_id, reply_to)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.insertAttachment = db.prepare<[string, string, number, string, string]>(
      'INSERT INTO attachments (stored_path, filename, file_size, file_type, uploaded_at) VALUES (?, ?, ?, ?, ?)',
    )
    this.byId = db.prepare<[number], MessageRow>(`${SELECT_MESSAGE} WHERE m.id = ?`)
    this.byClientId = db.prepare<[number, string], MessageRow>(`${SELECT_MESSAGE} WHERE m.sender_id = ? AND m.client_id = ?`)
    this.historyStmt = db.prepare<[number, number], MessageRow>(
      `SELECT * FROM (${SELECT_MESSAGE} WHERE m.conversation_id = ? ORDER BY m.id DESC LIMIT ?) ORDER BY id`,
    )
    this.historyBeforeStmt = db.prepare<[number, number, number], MessageRow>(
      `SELECT * FROM (${SELECT_MESSAGE} WHERE m.conversation_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?) ORDER BY id`,
    )
    this.attachmentByPath = db.prepare<[string], { conversation_id: number; filename: string }>(
      `SELECT m.conversation_id, a.filename FROM attachments a JOIN messages m ON m.attachment_id = a.id
        WHERE a.stored_path = ?`,
    )
    this.aroundBeforeStmt = db.prepare<[number, number, number], MessageRow>(
      `SELECT * FROM (${SELECT_MESSAGE} WHERE m.conversation_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?) ORDER BY id`,
    )
    this.aroundFromStmt = db.prepare<[number, number, number], MessageRow>(
      `${SELECT_MESSAGE} WHERE m.conversation_id = ? AND m.id >= ? ORDER BY m.id LIMIT ?`,
    )
    this.changesStmt = db.prepare<[number, number, number], MessageRow>(
      // revision > 0 as well: messages_by_revision holds only changed messages (migration 007).
      `${SELECT_MESSAGE} WHERE m.conversation_id = ? AND m.revision > 0 AND m.revision > ? ORDER BY m.revision LIMIT ?`,
    )
    this.newestRevisionStmt = db.prepare<[number], { revision: number | null }>(
      'SELECT MAX(revision) AS revision FROM messages WHERE conversation_id = ? AND revision > 0',
    )
    this.nextRevisionStmt = db.prepare<[], { value: number }>(
      'UPDATE revision_counter SET value = value + 1 WHERE id = 1 RETURNING value',
    )
    this.insertMention = db.prepare<[number, number, number]>(
      'INSERT INTO message_mentions (message_id, position, user_id) VALUES (?, ?, ?)',
    )
    this.clearMentions = db.prepare<[number]>('DELETE FROM message_mentions WHERE message_id = ?')
    this.editStmt = db.prepare<[string, string, number, number]>(
      'UPDATE messages SET content = ?, edited_at = ?, revision = ? WHERE id = ?',
    )
    this.deleteStmt = db.prepare<[string, number, number]>(
      `UPDATE messages SET content = '', message_type = 'text', attachment_id = NULL, deleted_at = ?, revision = ?
        WHERE id = ?`,
    )
    this.deleteAttachment = db.prepare<[number]>('DELETE FROM attachments WHERE id = ?')
    this.clearReactions = db.prepare<[number]>('DELETE FROM reactions WHERE message_id = ?')
    this.addReaction = db.prepare<[number, number, string, string]>(
      'INSERT OR IGNORE INTO reactions (message_id, user_id, emoji, created_at) VALUES (?, ?, ?, ?)',
    )
    this.removeReaction = db.prepare<[number, number, string]>(
      'DELETE FROM reactions WHERE message_id = ? AND user_id = ? AND emoji = ?',
    )
    this.reactionCount = db.prepare<[number, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM reactions WHERE message_id = ? AND user_id = ?',
    )
    this.touchRevisionStmt = db.prepare<[number, number]>('UPDATE messages SET revision = ? WHERE id = ?')
    this.actionStmt = db.prepare<[number, string], { message_id: number }>(
      'SELECT message_id FROM message_actions WHERE sender_id = ? AND client_id = ?',
    )
    this.recordActionStmt = db.prepare<[number, string, number, ActionKind, string]>(
      'INSERT INTO message_actions (sender_id, client_id, message_id, kind, created_at) VALUES (?, ?, ?, ?, ?)',
    )
  }

  /** Inserts a message (and its attachment); call inside a transaction. */
  insert(input: NewMessage, createdAt: string): MessageRecord {
    let attachment: AttachmentRecord | null = null
    if (input.attachment) {
      const a = input.attachment
      const id = Number(this.insertAttachment.run(a.storedPath, a.filename, a.size, a.mimeType, a.uploadedAt).lastInsertRowid)
      attachment = { ...a, id }
    }
    const messageType: MessageType = attachment ? 'file' : 'text'
    const result = this.insertMessage.run(
      input.conversationId, input.sender.id, input.content, messageType, createdAt, input.clientId, attachment?.id ?? null,
      input.replyTo,
    )
    const id = Number(result.lastInsertRowid)
    this.writeMentions(id, input.mentions)
    this.search.queue(id)
    return {
      id,
      conversationId: input.conversationId,
      sender: input.sender,
      content: input.content,
      messageType,
      isRead: false,
      createdAt,
      clientId: input.clientId,
      attachment,
      editedAt: null,
      deleted: false,
      revision: 0,
      // Read back (one indexed row) rather than rebuilt: it is what history shows.
      replyTo: input.replyTo === null ? null : this.get(id)?.replyTo ?? null,
      reactions: [],
      mentions: [...input.mentions],
    }
  }

  /** The next value of the server-wide revision counter; call inside the transaction that uses it. */
  nextRevision(): number {
    return (this.nextRevisionStmt.get() as { value: number }).value
  }

  /** New text (and mentions when given); call inside a transaction. */
  edit(id: number, content: string, mentions: readonly number[] | null, at: string, revision: number): void {
    this.editStmt.run(content, at, revision, id)
    this.search.queue(id)
    if (mentions) {
      this.clearMentions.run(id)
      this.writeMentions(id, mentions)
    }
  }

  /** Marks a message deleted and drops its text, file row, reactions and mentions; returns the file to remove from media. */
  markDeleted(record: MessageRecord, at: string, revision: number): string | null {
    this.deleteStmt.run(at, revision, record.id)
    if (record.attachment) this.deleteAttachment.run(record.attachment.id)
    this.clearReactions.run(record.id)
    this.clearMentions.run(record.id)
    this.search.queue(record.id)
    return record.attachment?.storedPath ?? null
  }

  /** Adds or removes one reaction; false when that changed nothing. */
  react(messageId: number, userId: number, emoji: string, on: boolean, at: string): boolean {
    const result = on ? this.addReaction.run(messageId, userId, emoji, at) : this.removeReaction.run(messageId, userId, emoji)
    return result.changes > 0
  }

  /** How many reactions `userId` has on the message. */
  reactionsBy(messageId: number, userId: number): number {
    return this.reactionCount.get(messageId, userId)?.n ?? 0
  }

  touchRevision(id: number, revision: number): void {
    this.touchRevisionStmt.run(revision, id)
  }

  /** The message an action with this (sender, client_id) was applied to, or null. */
  actionTarget(senderId: number, clientId: string): number | null {
    return this.actionStmt.get(senderId, clientId)?.message_id ?? null
  }

  recordAction(senderId: number, clientId: string, messageId: number, kind: ActionKind, at: string): void {
    this.recordActionStmt.run(senderId, clientId, messageId, kind, at)
  }

  /** Up to `limit` messages oldest first: about half before `id`, then `id` and those after it. */
  around(conversationId: number, id: number, limit: number): MessageRecord[] {
    const before = Math.floor((limit - 1) / 2)
    const older = before > 0 ? this.aroundBeforeStmt.all(conversationId, id, before) : []
    const newer = this.aroundFromStmt.all(conversationId, id, limit - older.length)
    return [...older, ...newer].map(toRecord)
  }

  /** Messages of the conversation changed after revision `since`, oldest change first. */
  changes(conversationId: number, since: number, limit: number): MessageRecord[] {
    return this.changesStmt.all(conversationId, since, limit).map(toRecord)
  }

  /** The conversation's newest revision (0 when nothing ever changed). */
  newestRevision(conversationId: number): number {
    return this.newestRevisionStmt.get(conversationId)?.revision ?? 0
  }

  private writeMentions(id: number, mentions: readonly number[]): void {
    mentions.forEach((userId, position) => this.insertMention.run(id, position, userId))
  }

  get(id: number): MessageRecord | null {
    const row = this.byId.get(id)
    return row ? toRecord(row) : null
  }

  findByClientId(senderId: number, clientId: string): MessageRecord | null {
    const row = this.byClientId.get(senderId, clientId)
    return row ? toRecord(row) : null
  }

  /** The newest `limit` messages older than `before` (all when null), oldest first. */
  history(conversationId: number, before: number | null, limit: number): MessageRecord[] {
    const rows = before === null
      ? this.historyStmt.all(conversationId, limit)
      : this.historyBeforeStmt.all(conversationId, before, limit)
    return rows.map(toRecord)
  }

  /** Which conversation a stored file belongs to, for media access checks. */
  attachmentOwner(storedPath: string): { conversationId: number; filename: string } | null {
    const row = this.attachmentByPath.get(storedPath)
    return row ? { conversationId: row.conversation_id, filename: row.filename } : null
  }
}

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
    reactions: groupReactions(JSON.parse(row.reaction_rows) as Array<[string, number]>),
    mentions: row.mention_ids === null ? [] : row.mention_ids.split(',').map(Number),
  }
}

/** The token naming a conversation in messages_fts.conversation. */
export function conversationToken(conversationId: number): string {
  return `c${conversationId}`
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
