// SimpleJWT-compatible HS256 tokens: claims token_type ("access" | "refresh"), user_id,
// exp, iat, jti. Only HS256 is accepted, so "alg: none" and other algorithms fail.
import { randomBytes } from 'node:crypto'
import { SignJWT, jwtVerify } from 'jose'
import type { TokenLifetimes } from '../options'

export type TokenType = 'access' | 'refresh'

export interface TokenPair {
  access: string
  refresh: string
}

export class TokenService {
  private readonly key: Uint8Array

  constructor(secret: Buffer, private readonly lifetimes: TokenLifetimes) {
    this.key = new Uint8Array(secret)
  }

  async issuePair(userId: number): Promise<TokenPair> {
    return { access: await this.issue(userId, 'access'), refresh: await this.issue(userId, 'refresh') }
  }

  issue(userId: number, type: TokenType): Promise<string> {
    const now = Math.floor(Date.now() / 1000)
    const lifetime = type === 'access' ? this.lifetimes.accessSeconds : this.lifetimes.refreshSeconds
    return new SignJWT({ token_type: type, user_id: userId, jti: randomBytes(16).toString('hex') })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + lifetime)
      .sign(this.key)
  }

  /** The user id of a valid token of `type`, or null for anything else. */
  async verify(token: string | null | undefined, type: TokenType): Promise<number | null> {
    if (!token || token.length > 4096) return null
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], requiredClaims: ['exp', 'iat', 'jti'] })
      if (payload.token_type !== type) return null
      const userId = payload.user_id
      return typeof userId === 'number' && Number.isSafeInteger(userId) && userId > 0 ? userId : null
    } catch {
      return null
    }
  }
}
