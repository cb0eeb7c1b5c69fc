// Partial uploads of the chunked upload extension, one row each until the file becomes a
// message (or is cancelled or expires). The bytes live in <data>/uploads/<id>.part; the
// row is what lets an upload be resumed by the same user after a reconnect or a restart.
import type { Db } from '../db/open-database'

export interface UploadRecord {
  /** Server-issued, unguessable; also names the .part file. */
  id: string
  userId: number
  conversationId: number
  clientId: string
  /** Sanitized name as the sender gave it. */
  filename: string
  size: number
  /** Caption for the message (`message` of upload_start), "" when none. */
  content: string
  /** `reply_to` and `mentions` of upload_start, for the message (checked when it is stored). */
  replyTo: number | null
  mentions: number[]
  /** Bytes on disk when last recorded; the .part file's length is the truth on resume. */
  received: number
  createdAt: string
  updatedAt: string
}

/** An uploads row as both engines read it. */
export interface UploadRow {
  id: string
  user_id: number
  conversation_id: number
  client_id: string
  filename: string
  size: number
  content: string
  reply_to: number | null
  mentions: string
  received: number
  created_at: string
  updated_at: string
}

export class UploadsRepo {
  private readonly insertStmt
  private readonly byIdStmt
  private readonly byClientIdStmt
  private readonly progressStmt
  private readonly deleteStmt
  private readonly countForUserStmt
  private readonly staleStmt
  private readonly idsStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare<[string, number, number, string, string, number, string, number | null, string, string, string]>(
      `INSERT INTO uploads (id, user_id, conversation_id, client_id, filename, size, content, reply_to, mentions, received, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    )
    this.byIdStmt = db.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE id = ?')
    this.byClientIdStmt = db.prepare<[number, string], UploadRow>('SELECT * FROM uploads WHERE user_id = ? AND client_id = ?')
    this.progressStmt = db.prepare<[number, string, string]>('UPDATE uploads SET received = ?, updated_at = ? WHERE id = ?')
    this.deleteStmt = db.prepare<[string]>('DELETE FROM uploads WHERE id = ?')
    this.countForUserStmt = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM uploads WHERE user_id = ?')
    this.staleStmt = db.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE updated_at < ?')
    this.idsStmt = db.prepare<[], { id: string }>('SELECT id FROM uploads')
  }

  insert(input: Omit<UploadRecord, 'received' | 'createdAt' | 'updatedAt'>, now: string): UploadRecord {
    this.insertStmt.run(
      input.id, input.userId, input.conversationId, input.clientId, input.filename, input.size, input.content,
      input.replyTo, JSON.stringify(input.mentions), now, now,
    )
    return { ...input, received: 0, createdAt: now, updatedAt: now }
  }

  get(id: string): UploadRecord | null {
    const row = this.byIdStmt.get(id)
    return row ? toRecord(row) : null
  }

  findByClientId(userId: number, clientId: string): UploadRecord | null {
    const row = this.byClientIdStmt.get(userId, clientId)
    return row ? toRecord(row) : null
  }

  /** Records progress; `updated_at` is also what keeps an upload from expiring. */
  setReceived(id: string, received: number, now: string): void {
    this.progressStmt.run(received, now, id)
  }

  delete(id: string): void {
    this.deleteStmt.run(id)
  }

  countForUser(userId: number): number {
    return this.countForUserStmt.get(userId)?.n ?? 0
  }

  /** Uploads with no activity since `cutoff` (ISO timestamp). */
  staleSince(cutoff: string): UploadRecord[] {
    return this.staleStmt.all(cutoff).map(toRecord)
  }

  allIds(): Set<string> {
    return new Set(this.idsStmt.all().map((row) => row.id))
  }
}

export function toRecord(row: UploadRow): UploadRecord {
  return {
    id: row.id,
    userId: row.user_id,
    conversationId: row.conversation_id,
    clientId: row.client_id,
    filename: row.filename,
    size: row.size,
    content: row.content,
    replyTo: row.reply_to,
    mentions: JSON.parse(row.mentions) as number[],
    received: row.received,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
