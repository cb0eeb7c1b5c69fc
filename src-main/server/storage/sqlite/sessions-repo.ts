// The sessions table (db/migrations/004-sessions.ts): one row per sign-in, what
// auth/sessions.ts needs to rotate refresh tokens and revoke sessions.
import type { Db } from '../../db/open-database'
import type { SessionRecord } from '../storage'

interface SessionRow {
  id: string
  user_id: number
  refresh_jti: string
  revoked_at: string | null
}

export class SessionsRepo {
  private readonly insertStmt
  private readonly byIdStmt
  private readonly rotateStmt
  private readonly revokeStmt
  private readonly deleteExpiredStmt
  private readonly revokedAmongStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare<[string, number, string, string, number]>(
      'INSERT INTO sessions (id, user_id, refresh_jti, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    )
    this.byIdStmt = db.prepare<[string], SessionRow>('SELECT id, user_id, refresh_jti, revoked_at FROM sessions WHERE id = ?')
    // Compare-and-set: of two refreshes racing with the same token, one rotates, one is a reuse.
    this.rotateStmt = db.prepare<[string, number, string, string]>(
      'UPDATE sessions SET refresh_jti = ?, expires_at = ? WHERE id = ? AND refresh_jti = ? AND revoked_at IS NULL',
    )
    this.revokeStmt = db.prepare<[string, string]>('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
    this.deleteExpiredStmt = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at < ?')
    this.revokedAmongStmt = db.prepare<[string], { id: string }>(
      'SELECT id FROM sessions WHERE revoked_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))',
    )
  }

  create(session: { id: string; userId: number; refreshJti: string; createdAt: string; expiresAt: number }, now: number): void {
    this.deleteExpiredStmt.run(now)
    this.insertStmt.run(session.id, session.userId, session.refreshJti, session.createdAt, session.expiresAt)
  }

  get(id: string): SessionRecord | null {
    const row = this.byIdStmt.get(id)
    return row ? { id: row.id, userId: row.user_id, refreshJti: row.refresh_jti, revoked: row.revoked_at !== null } : null
  }

  rotate(id: string, expectedJti: string, newJti: string, expiresAt: number): boolean {
    return this.rotateStmt.run(newJti, expiresAt, id, expectedJti).changes === 1
  }

  revoke(id: string, at: string): void {
    this.revokeStmt.run(at, id)
  }

  revokedAmong(ids: readonly string[]): Set<string> {
    return new Set(this.revokedAmongStmt.all(JSON.stringify(ids)).map((row) => row.id))
  }
}
