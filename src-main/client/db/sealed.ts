// Seals cached rows with AES-256-GCM so chat text and file names are not readable from the
// data folder. The key is random per install and kept in the SecretStore (safeStorage).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SecretStore } from '../secret-store'

const KEY_NAME = 'local-cache-key'

export interface Sealer {
  seal(value: unknown): Buffer
  /** null when the row cannot be opened (other key, torn write): callers drop it. */
  open<T>(sealed: Buffer): T | null
}

export async function loadCacheKey(secrets: SecretStore): Promise<Buffer> {
  const stored = await secrets.get(KEY_NAME)
  if (stored) {
    const key = Buffer.from(stored, 'base64')
    if (key.length === 32) return key
  }
  const key = randomBytes(32)
  await secrets.set(KEY_NAME, key.toString('base64'))
  return key
}

export function createSealer(key: Buffer): Sealer {
  return {
    seal(value) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    open<T>(sealed: Buffer): T | null {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12))
        decipher.setAuthTag(sealed.subarray(12, 28))
        const text = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8')
        return JSON.parse(text) as T
      } catch {
        return null
      }
    },
  }
}
