// Picks the SecretStore for this machine. Electron's async safeStorage encrypts with the OS
// keychain (Keychain, DPAPI, libsecret/kwallet). On Linux without a keyring it falls back
// to a hard-coded key ("basic_text"): that protects nothing, so it counts as unavailable
// and secrets stay in memory only. PARLEY_INSECURE_TEST_SECRETS=1 is for tests/CI only.
import { safeStorage } from 'electron'
import { join } from 'node:path'
import { createFileSecretStore, createMemorySecretStore, plaintextTestCipher, type SecretStore } from '../client/secret-store'

export async function createElectronSecretStore(dataDir: string): Promise<SecretStore> {
  const file = join(dataDir, 'secrets.json')
  if (process.env.PARLEY_INSECURE_TEST_SECRETS === '1') return createFileSecretStore(file, plaintextTestCipher)
  const available = await safeStorage.isAsyncEncryptionAvailable().catch(() => false)
  const weakLinuxKey = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'
  if (!available || weakLinuxKey) return createMemorySecretStore()
  return createFileSecretStore(file, {
    kind: 'os',
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: async (sealed) => (await safeStorage.decryptStringAsync(Buffer.from(sealed))).result,
  })
}
