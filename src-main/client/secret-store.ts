// Where refresh tokens (and the local cache key) live. Three kinds, reported to the UI as
// SessionInfo.secretStorage: 'os' encrypts with the OS keychain (Electron safeStorage),
// 'plaintext-test' is for tests/CI only (PARLEY_INSECURE_TEST_SECRETS=1), and
// 'unavailable' keeps secrets in memory only, so nothing readable ever reaches the disk.
import { randomBytes } from 'node:crypto'
import { readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { z } from 'zod'
import type { SecretStorageKind } from '../../src-shared/ipc/contract'

export interface SecretStore {
  readonly kind: SecretStorageKind
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Resolves once every write started so far is on disk. Some writes are not awaited by
   * whoever started them (a refreshed token pair is saved as it arrives): closing waits
   * here, or a quit right after a refresh loses the new pair, and a late write could land
   * over a newer file.
   */
  settled(): Promise<void>
}

/** Encrypts secrets before they are written; safeStorage in Electron. */
export interface SecretCipher {
  readonly kind: 'os' | 'plaintext-test'
  encrypt(plain: string): Promise<Uint8Array>
  decrypt(sealed: Uint8Array): Promise<string>
}

export const plaintextTestCipher: SecretCipher = {
  kind: 'plaintext-test',
  encrypt: async (plain) => new TextEncoder().encode(plain),
  decrypt: async (sealed) => new TextDecoder().decode(sealed),
}

export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, string>()
  return {
    kind: 'unavailable',
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
    settled: async () => {},
  }
}

const fileSchema = z.record(z.string(), z.string())

/** A JSON file of key → base64(ciphertext), rewritten atomically (temp file + rename). */
export function createFileSecretStore(file: string, cipher: SecretCipher): SecretStore {
  let writes: Promise<unknown> = Promise.resolve()

  async function readAll(): Promise<Record<string, string>> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch {
      return {}
    }
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text))
      return parsed.success ? parsed.data : {}
    } catch {
      return {} // a torn or foreign file: start over rather than refuse to run
    }
  }

  async function writeAll(values: Record<string, string>): Promise<void> {
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
    await writeFile(temp, JSON.stringify(values), { mode: 0o600 })
    await rename(temp, file).catch(async (error: unknown) => {
      await unlink(temp).catch(() => {})
      throw error
    })
  }

  // Writes are serialized so two quick updates cannot lose one another.
  function update(change: (values: Record<string, string>) => Promise<void> | void): Promise<void> {
    const next = writes.then(async () => {
      const values = await readAll()
      await change(values)
      await writeAll(values)
    })
    writes = next.catch(() => {})
    return next
  }

  return {
    kind: cipher.kind,
    async get(key) {
      await writes
      const sealed = (await readAll())[key]
      if (sealed === undefined) return null
      try {
        return await cipher.decrypt(Buffer.from(sealed, 'base64'))
      } catch {
        return null // the OS key changed (new login keyring): the user signs in again
      }
    },
    set: (key, value) => update(async (values) => {
      values[key] = Buffer.from(await cipher.encrypt(value)).toString('base64')
    }),
    delete: (key) => update((values) => {
      delete values[key]
    }),
    settled: async () => {
      await writes
    },
  }
}
