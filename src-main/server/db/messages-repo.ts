// Messages and their file attachments.
import type { MessageType, User } from '../../../src-shared/protocol/types'
import type { Db } from './open-database'
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
}

export interface NewMessage {
  conversationId: number
  sender: User
  content: string
  clientId: string | null
  attachment: Omit<AttachmentRecord, 'id'> | null
}

interface MessageRow {
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
}

const SELECT_MESSAGE = `
  SELECT m.id, m.conversation_id, m.content, m.message_type, m.is_read, m.created_at, m.client_id,
         u.id AS sender_id, u.email AS sender_email, u.user_type AS sender_user_type,
         u.full_name AS sender_full_name,
         a.id AS attachment_id, a.stored_path, a.filename, a.file_size, a.file_type, a.uploaded_at
    FROM messages m
    JOIN users u ON u.id = m.sender_id
    LEFT JOIN attachments a ON a.id = m.attachment_id`

export class MessagesRepo {
  private readonly insertMessage
  private readonly insertAttachment
  private readonly byId
  private readonly byClientId
  private readonly historyStmt
  private readonly historyBeforeStmt
  private readonly attachmentByPath

  constructor(db: Db) {
    this.insertMessage = db.prepare<[number, number, string, MessageType, string, string | null, number | null]>(
      `INSERT INTO messages (conversation_id, sender_id, content, message_type, created_at, client_id, attachment_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
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
    )
    return {
      id: Number(result.lastInsertRowid),
      conversationId: input.conversationId,
      sender: input.sender,
      content: input.content,
      messageType,
      isRead: false,
      createdAt,
      clientId: input.clientId,
      attachment,
    }
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

function toRecord(row: MessageRow): MessageRecord {
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
  }
}
