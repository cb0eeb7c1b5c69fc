// SimpleJWT-compatible HS256 tokens: claims token_type ("access" | "refresh"), user_id,
// exp, iat, jti, plus Parley's `sid` (the sign-in session, auth/sessions.ts) and `ver`
// (the user's token version when issued). Clients read none of these but exp. Tokens
// without them (issued before sessions existed, or by another SimpleJWT signer holding the
// key) read as no session and version 0. Only HS256 is accepted, so "alg: none" and other
// algorithms fail.
import { randomBytes } from 'node:crypto'
import { SignJWT, jwtVerify } from 'jose'
import type { TokenLifetimes } from '../options'

export type TokenType = 'access' | 'refresh'

export interface TokenPair {
  access: string
  refresh: string
}

/** Who a token speaks for: the user, the session it belongs to, the user's token version. */
export interface TokenSubject {
  userId: number
  /** Null for a token from before sessions existed: it cannot be revoked alone. */
  sessionId: string | null
  version: number
}

export interface VerifiedToken extends TokenSubject {
  jti: string
  /** Unix seconds. */
  exp: number
}

export const newTokenId = (): string => randomBytes(16).toString('hex')

export class TokenService {
  private readonly key: Uint8Array

  constructor(secret: Buffer, readonly lifetimes: TokenLifetimes) {
    this.key = new Uint8Array(secret)
  }

  /** A signed token; `jti` is given for refresh tokens (the session records it). */
  issue(subject: TokenSubject, type: TokenType, jti = newTokenId()): Promise<string> {
    const now = Math.floor(Date.now() / 1000)
    const lifetime = type === 'access' ? this.lifetimes.accessSeconds : this.lifetimes.refreshSeconds
    return new SignJWT({ token_type: type, user_id: subject.userId, jti, ...(subject.sessionId ? { sid: subject.sessionId } : {}), ver: subject.version })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + lifetime)
      .sign(this.key)
  }

  /** The claims of a validly signed, unexpired token of `type`, or null for anything else. */
  async verify(token: string | null | undefined, type: TokenType): Promise<VerifiedToken | null> {
    if (!token || token.length > 4096) return null
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], requiredClaims: ['exp', 'iat', 'jti'] })
      const { token_type: tokenType, user_id: userId, sid, ver, jti, exp } = payload
      if (tokenType !== type || typeof jti !== 'string' || typeof exp !== 'number') return null
      if (typeof userId !== 'number' || !Number.isSafeInteger(userId) || userId <= 0) return null
      if (sid !== undefined && typeof sid !== 'string') return null
      if (ver !== undefined && (typeof ver !== 'number' || !Number.isSafeInteger(ver))) return null
      return { userId, sessionId: sid ?? null, version: ver ?? 0, jti, exp }
    } catch {
      return null
    }
  }
}
