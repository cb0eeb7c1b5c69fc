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
import type { Storage } from '../storage/storage'
import { newTokenId, type TokenPair, type TokenService, type TokenSubject } from './tokens'

export interface Authenticated extends TokenSubject {
  user: User
}

export type RefreshResult =
  | { kind: 'ok'; tokens: TokenPair }
  | { kind: 'invalid' }
  /** An older refresh token of a live session: the session is now revoked. */
  | { kind: 'reused'; sessionId: string }

export class Sessions {
  constructor(private readonly storage: Pick<Storage, 'users' | 'sessions'>, private readonly tokens: TokenService) {}

  /** A new session for `userId` (just signed in) and its first token pair. */
  async signIn(userId: number): Promise<TokenPair> {
    const version = await this.storage.users.tokenVersion(userId)
    if (version === null) throw new Error(`No user ${userId}`)
    const sessionId = randomBytes(16).toString('base64url')
    const subject: TokenSubject = { userId, sessionId, version }
    const jti = newTokenId()
    const now = Math.floor(Date.now() / 1000)
    await this.storage.sessions.create({
      id: sessionId, userId, refreshJti: jti, createdAt: new Date().toISOString(), expiresAt: now + this.tokens.lifetimes.refreshSeconds,
    }, now)
    return { access: await this.tokens.issue(subject, 'access'), refresh: await this.tokens.issue(subject, 'refresh', jti) }
  }

  /** The signed-in user behind an access token, or null when it is not (or no longer) valid. */
  async authenticate(token: string | null | undefined): Promise<Authenticated | null> {
    const claims = await this.tokens.verify(token, 'access')
    if (!claims) return null
    const user = await this.current(claims)
    return user ? { ...claims, user } : null
  }

  /** A reuse revokes the session through the storage, which announces it: its sockets close. */
  async refresh(token: string): Promise<RefreshResult> {
    const claims = await this.tokens.verify(token, 'refresh')
    if (!claims || !(await this.current(claims))) return { kind: 'invalid' }
    // A refresh token from before sessions existed moves its holder into a new session.
    if (claims.sessionId === null) return { kind: 'ok', tokens: await this.signIn(claims.userId) }
    const jti = newTokenId()
    const expiresAt = Math.floor(Date.now() / 1000) + this.tokens.lifetimes.refreshSeconds
    if (!(await this.storage.sessions.rotate(claims.sessionId, claims.jti, jti, expiresAt))) {
      await this.storage.sessions.revoke(claims.sessionId, new Date().toISOString())
      return { kind: 'reused', sessionId: claims.sessionId }
    }
    return { kind: 'ok', tokens: { access: await this.tokens.issue(claims, 'access'), refresh: await this.tokens.issue(claims, 'refresh', jti) } }
  }

  /** The token's user when the user is active at the token's version and the session is live. */
  private async current(claims: TokenSubject): Promise<User | null> {
    const found = await this.storage.users.find(claims.userId)
    if (!found?.active || found.tokenVersion !== claims.version) return null
    if (claims.sessionId === null) return found.user
    const session = await this.storage.sessions.get(claims.sessionId)
    if (!session || session.userId !== claims.userId || session.revoked) return null
    return found.user
  }
}
