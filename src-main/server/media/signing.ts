// Signed media URLs: "<path>?exp=<unix seconds>&sig=<HMAC>". The signature covers the
// path and expiry, not the host, so one URL works however the server was reached.
// Expiries are rounded up to the hour so a file's URL stays the same for a while and
// clients can cache it.
import { createHmac, timingSafeEqual } from 'node:crypto'

const ROUND_SECONDS = 3600

export type SignatureCheck = 'ok' | 'missing' | 'invalid' | 'expired'

export class MediaSigner {
  private readonly key: Buffer

  constructor(secret: Buffer, private readonly ttlSeconds: number) {
    this.key = createHmac('sha256', secret).update('parley media url v1').digest()
  }

  /** Query string (without "?") granting access to `urlPath` for the configured lifetime. */
  sign(urlPath: string, nowMs = Date.now()): string {
    const exp = Math.ceil((nowMs / 1000 + this.ttlSeconds) / ROUND_SECONDS) * ROUND_SECONDS
    return `exp=${exp}&sig=${this.mac(urlPath, exp)}`
  }

  check(urlPath: string, exp: string | null, sig: string | null, nowMs = Date.now()): SignatureCheck {
    if (!exp || !sig) return 'missing'
    if (!/^\d{1,12}$/.test(exp)) return 'invalid'
    const expected = Buffer.from(this.mac(urlPath, Number(exp)))
    const given = Buffer.from(sig)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid'
    return Number(exp) * 1000 < nowMs ? 'expired' : 'ok'
  }

  private mac(urlPath: string, exp: number): string {
    return createHmac('sha256', this.key).update(`${urlPath}\n${exp}`).digest('base64url')
  }
}
