// Partial uploads of the chunked upload extension (UploadsStore): uploads/uploads-repo.ts
// on PostgreSQL, same rows (`mentions` stays JSON text, so a copy compares byte for byte).
import type { UploadRecord, UploadsStore } from '../storage'
import { toRecord, type UploadRow } from '../../uploads/uploads-repo'
import type { Queryable } from './queryable'

export class PgUploads implements UploadsStore {
  constructor(private readonly db: Queryable) {}

  async insert(input: Omit<UploadRecord, 'received' | 'createdAt' | 'updatedAt'>, now: string): Promise<UploadRecord> {
    await this.db.query(
      `INSERT INTO uploads (id, user_id, conversation_id, client_id, filename, size, content, reply_to, mentions, received, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10)`,
      [input.id, input.userId, input.conversationId, input.clientId, input.filename, input.size, input.content,
        input.replyTo, JSON.stringify(input.mentions), now],
    )
    return { ...input, received: 0, createdAt: now, updatedAt: now }
  }

  async get(id: string): Promise<UploadRecord | null> {
    const { rows } = await this.db.query<UploadRow>('SELECT * FROM uploads WHERE id = $1', [id])
    return rows[0] ? toRecord(rows[0]) : null
  }

  async findByClientId(userId: number, clientId: string): Promise<UploadRecord | null> {
    const { rows } = await this.db.query<UploadRow>('SELECT * FROM uploads WHERE user_id = $1 AND client_id = $2', [userId, clientId])
    return rows[0] ? toRecord(rows[0]) : null
  }

  async setReceived(id: string, received: number, now: string): Promise<void> {
    await this.db.query('UPDATE uploads SET received = $1, updated_at = $2 WHERE id = $3', [received, now, id])
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM uploads WHERE id = $1', [id])
  }

  async countForUser(userId: number): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*) AS n FROM uploads WHERE user_id = $1', [userId])
    return rows[0]?.n ?? 0
  }

  async staleSince(cutoff: string): Promise<UploadRecord[]> {
    const { rows } = await this.db.query<UploadRow>('SELECT * FROM uploads WHERE updated_at < $1', [cutoff])
    return rows.map(toRecord)
  }

  async allIds(): Promise<Set<string>> {
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM uploads')
    return new Set(rows.map((row) => row.id))
  }
}
