// Picks the SecretStore for this machine. Electron's async safeStorage encrypts with the OS
// keychain (Keychain, DPAPI, libsecret/kwallet). On Linux without a keyring it falls back
// to a hard-coded key ("basic_text"): that protects nothing, so it counts as unavailable
// and secrets stay in memory only. The plaintext test store exists for CI without a keyring
// and is never chosen by a packaged app (app/runtime-switches.ts).
import { safeStorage } from 'electron'
import { join } from 'node:path'
import { createFileSecretStore, createMemorySecretStore, plaintextTestCipher, type SecretStore } from '../client/secret-store'

export async function createElectronSecretStore(dataDir: string, insecureTestSecrets: boolean): Promise<SecretStore> {
  const file = join(dataDir, 'secrets.json')
  if (insecureTestSecrets) return createFileSecretStore(file, plaintextTestCipher)
  const available = await safeStorage.isAsyncEncryptionAvailable().catch(() => false)
  const weakLinuxKey = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'
  if (!available || weakLinuxKey) return createMemorySecretStore()
  return createFileSecretStore(file, {
    kind: 'os',
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: async (sealed) => (await safeStorage.decryptStringAsync(Buffer.from(sealed))).result,
  })
}
