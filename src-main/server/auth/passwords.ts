// scrypt password hashes with a per-user salt, stored as "scrypt$N$r$p$salt$hash" so the
// cost can be raised later without breaking old hashes.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const COST: Required<Pick<ScryptOptions, 'N' | 'r' | 'p'>> = { N: 16384, r: 8, p: 1 }
const KEY_LENGTH = 64

export function hashPasswordSync(password: string): string {
  const salt = randomBytes(16)
  const hash = scryptSync(password.normalize('NFKC'), salt, KEY_LENGTH, COST)
  return format(salt, hash)
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scryptAsync(password.normalize('NFKC'), salt, COST)
  return format(salt, hash)
}

/** Timing-safe check. A null hash (unknown user) still costs one scrypt run. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = stored ? parse(stored) : null
  const params = parsed?.params ?? COST
  const salt = parsed?.salt ?? DUMMY_SALT
  const actual = await scryptAsync(password.normalize('NFKC'), salt, params)
  if (!parsed || parsed.hash.length !== actual.length) return false
  return timingSafeEqual(parsed.hash, actual)
}

const DUMMY_SALT = randomBytes(16)

function format(salt: Buffer, hash: Buffer): string {
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${hash.toString('base64')}`
}

function parse(stored: string): { params: typeof COST; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return null
  return { params: { N: Number(n), r: Number(r), p: Number(p) }, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') }
}

function scryptAsync(password: string, salt: Buffer, params: typeof COST): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, params, (error, key) => (error ? reject(error) : resolve(key)))
  })
}
