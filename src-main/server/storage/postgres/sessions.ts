// Sign-in sessions (SessionsStore): the rows auth/sessions.ts reads and rotates. A
// revocation NOTIFYs in its own statement, so every node's socket sweep closes the
// session's sockets once it is committed.
import type { SessionRecord, SessionsStore } from '../storage'
import { AUTH_CHANNEL } from './auth-changes'
import type { Queryable } from './queryable'

export class PgSessions implements SessionsStore {
  constructor(private readonly db: Queryable) {}

  async create(session: { id: string; userId: number; refreshJti: string; createdAt: string; expiresAt: number }, now: number): Promise<void> {
    await this.db.query(
      `WITH expired AS (DELETE FROM sessions WHERE expires_at < $6)
       INSERT INTO sessions (id, user_id, refresh_jti, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [session.id, session.userId, session.refreshJti, session.createdAt, session.expiresAt, now],
    )
  }

  async get(id: string): Promise<SessionRecord | null> {
    const { rows } = await this.db.query<{ id: string; user_id: number; refresh_jti: string; revoked_at: string | null }>(
      'SELECT id, user_id, refresh_jti, revoked_at FROM sessions WHERE id = $1', [id],
    )
    const row = rows[0]
    return row ? { id: row.id, userId: row.user_id, refreshJti: row.refresh_jti, revoked: row.revoked_at !== null } : null
  }

  async rotate(id: string, expectedJti: string, newJti: string, expiresAt: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE sessions SET refresh_jti = $1, expires_at = $2 WHERE id = $3 AND refresh_jti = $4 AND revoked_at IS NULL',
      [newJti, expiresAt, id, expectedJti],
    )
    return rowCount === 1
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.db.query(
      `WITH revoked AS (UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id)
       SELECT pg_notify('${AUTH_CHANNEL}', '') FROM revoked`, [at, id],
    )
  }

  async revokedAmong(ids: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.db.query<{ id: string }>(
      'SELECT id FROM sessions WHERE revoked_at IS NOT NULL AND id = ANY($1::text[])', [ids],
    )
    return new Set(rows.map((row) => row.id))
  }
}
