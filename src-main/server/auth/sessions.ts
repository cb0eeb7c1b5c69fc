// Sign-in sessions, refresh rotation and revocation.
//
// Every sign-in is a session row; its tokens carry the session id (`sid`) and the user's
// token version (`ver`). A token is accepted only while its user is active, the user's
// token_version still equals `ver`, and its session is not revoked, all read from the
// database on every check, so a change made by another process (the CLI removing an
// account or resetting a password) takes effect on the next request.
//
// Refresh rotates, as SimpleJWT does with ROTATE_REFRESH_TOKENS + BLACKLIST_AFTER_ROTATION:
// the answer carries a new refresh token next to the access token, and only the newest
// refresh token of a session is valid. Presenting an older one means two parties hold the
// session's tokens (one of them stole it), so the whole session is revoked: its refresh
// and access tokens are refused and its sockets closed. A seed client that ignores the new
// refresh token gets one refresh and then a 401, exactly as against SimpleJWT; it signs in again.
import { randomBytes } from 'node:crypto'
import type { User } from '../../../src-shared/protocol/types'
import type { Db } from '../db/open-database'
import type { UsersRepo } from '../db/users-repo'
import { newTokenId, type TokenPair, type TokenService, type TokenSubject } from './tokens'

export interface Authenticated extends TokenSubject {
  user: User
}

export type RefreshResult =
  | { kind: 'ok'; tokens: TokenPair }
  | { kind: 'invalid' }
  /** An older refresh token of a live session: the session is now revoked. */
  | { kind: 'reused'; sessionId: string }

interface SessionRow {
  id: string
  user_id: number
  refresh_jti: string
  revoked_at: string | null
}

export class Sessions {
  private readonly insert
  private readonly byId
  private readonly rotate
  private readonly revoke
  private readonly deleteExpired
  private readonly revokedAmong

  constructor(db: Db, private readonly tokens: TokenService, private readonly users: UsersRepo) {
    this.insert = db.prepare<[string, number, string, string, number]>(
      'INSERT INTO sessions (id, user_id, refresh_jti, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    )
    this.byId = db.prepare<[string], SessionRow>('SELECT id, user_id, refresh_jti, revoked_at FROM sessions WHERE id = ?')
    // Compare-and-set: of two refreshes racing with the same token, one rotates, one is a reuse.
    this.rotate = db.prepare<[string, number, string, string]>(
      'UPDATE sessions SET refresh_jti = ?, expires_at = ? WHERE id = ? AND refresh_jti = ? AND revoked_at IS NULL',
    )
    this.revoke = db.prepare<[string, string]>('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
    this.deleteExpired = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at < ?')
    this.revokedAmong = db.prepare<[string], { id: string }>(
      'SELECT id FROM sessions WHERE revoked_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))',
    )
  }

  /** A new session for `userId` (just signed in) and its first token pair. */
  async signIn(userId: number): Promise<TokenPair> {
    const version = this.users.tokenVersion(userId)
    if (version === null) throw new Error(`No user ${userId}`)
    const sessionId = randomBytes(16).toString('base64url')
    const subject: TokenSubject = { userId, sessionId, version }
    const jti = newTokenId()
    const now = Math.floor(Date.now() / 1000)
    // Expired sessions go as new ones come: the table holds at most a refresh lifetime of sign-ins.
    this.deleteExpired.run(now)
    this.insert.run(sessionId, userId, jti, new Date().toISOString(), now + this.tokens.lifetimes.refreshSeconds)
    return { access: await this.tokens.issue(subject, 'access'), refresh: await this.tokens.issue(subject, 'refresh', jti) }
  }

  /** The signed-in user behind an access token, or null when it is not (or no longer) valid. */
  async authenticate(token: string | null | undefined): Promise<Authenticated | null> {
    const claims = await this.tokens.verify(token, 'access')
    if (!claims) return null
    const user = this.current(claims)
    return user ? { ...claims, user } : null
  }

  async refresh(token: string): Promise<RefreshResult> {
    const claims = await this.tokens.verify(token, 'refresh')
    if (!claims || !this.current(claims)) return { kind: 'invalid' }
    // A refresh token from before sessions existed moves its holder into a new session.
    if (claims.sessionId === null) return { kind: 'ok', tokens: await this.signIn(claims.userId) }
    const jti = newTokenId()
    const expiresAt = Math.floor(Date.now() / 1000) + this.tokens.lifetimes.refreshSeconds
    if (this.rotate.run(jti, expiresAt, claims.sessionId, claims.jti).changes === 0) {
      this.revoke.run(new Date().toISOString(), claims.sessionId)
      return { kind: 'reused', sessionId: claims.sessionId }
    }
    return { kind: 'ok', tokens: { access: await this.tokens.issue(claims, 'access'), refresh: await this.tokens.issue(claims, 'refresh', jti) } }
  }

  /** The subset of `sessionIds` that are revoked (the socket sweep). */
  revoked(sessionIds: readonly string[]): Set<string> {
    return new Set(this.revokedAmong.all(JSON.stringify(sessionIds)).map((row) => row.id))
  }

  /** The token's user when the user is active at the token's version and the session is live. */
  private current(claims: TokenSubject): User | null {
    const found = this.users.find(claims.userId)
    if (!found?.active || found.tokenVersion !== claims.version) return null
    if (claims.sessionId === null) return found.user
    const session = this.byId.get(claims.sessionId)
    if (!session || session.user_id !== claims.userId || session.revoked_at !== null) return null
    return found.user
  }
}
