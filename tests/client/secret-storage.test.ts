// Where secrets go: with no OS secret store nothing readable is written (tokens, cache and
// outbox stay in memory for this run); the file store survives torn or foreign content,
// and says when every write started is on disk.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SessionInfo } from '../../src-shared/ipc/contract'
import { createFileSecretStore, plaintextTestCipher } from '../../src-main/client/secret-store'
import { createSettingsStore } from '../../src-main/client/settings-store'
import { startEmbeddedServer, type EmbeddedServer } from './support/embedded-server'
import { createUser, signIn, value } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess } from './support/test-services'

let dataDir: string
beforeEach(async () => {
  dataDir = await makeTempDir()
})
afterEach(async () => {
  await removeDir(dataDir)
})

describe('no OS secret store', () => {
  let server: EmbeddedServer
  beforeEach(async () => {
    server = await startEmbeddedServer()
  })
  afterEach(async () => {
    await server.close()
  })

  it('signs in but keeps the token and the history in memory only', async () => {
    const ada = await createUser(server, 'Ada')
    const bob = await createUser(server, 'Bob')
    const conversation = await server.admin.createConversation([ada.id, bob.id])
    let main = await startTestMainProcess({ dataDir, secretStorage: 'unavailable' })
    const session = await signIn(main, server, ada)
    expect(session.secretStorage).toBe('unavailable')
    expect(value<{ secretStorage: string }>(await main.invoke('app:info')).secretStorage).toBe('unavailable')
    value(await main.invoke('messages:send-text', conversation.id, 'kept nowhere'))
    await expect.poll(async () => value<{ messages: unknown[] }>(await main.invoke('messages:history', conversation.id)).messages.length).toBe(1)

    const files = await readdir(main.paths.data)
    expect(files).not.toContain('secrets.json')
    expect(files.some((name) => name.startsWith('client.db'))).toBe(false)
    for (const name of files.filter((n) => n.endsWith('.json'))) {
      const text = await readFile(join(main.paths.data, name), 'utf8')
      expect(text).not.toContain('kept nowhere')
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/) // no JWT
    }

    await main.stop()
    main = await startTestMainProcess({ dataDir, secretStorage: 'unavailable' })
    expect(value<SessionInfo | null>(await main.invoke('session:get'))).toBeNull()
    await main.stop()
  })
})

describe('stores read back what they can and never crash on bad files', () => {
  it('the secret file store starts over on a torn file and writes atomically', async () => {
    const file = join(dataDir, 'secrets.json')
    await writeFile(file, '{"tokens:a": "tru')
    const store = createFileSecretStore(file, plaintextTestCipher)
    expect(await store.get('tokens:a')).toBeNull()
    await Promise.all([store.set('a', '1'), store.set('b', '2'), store.set('c', '3')])
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual(['1', '2', '3'])
    await store.delete('b')
    expect(await store.get('b')).toBeNull()
    expect((await readdir(dataDir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('the secret file store says when the writes nobody awaited are on disk (main waits for them on close)', async () => {
    const file = join(dataDir, 'secrets.json')
    const store = createFileSecretStore(file, plaintextTestCipher)
    // As a refreshed token pair is saved: started, not awaited.
    void store.set('tokens:a', 'fresh')
    void store.set('tokens:b', 'fresh too')
    await store.settled()
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')) as object).sort()).toEqual(['tokens:a', 'tokens:b'])
  })

  it('the settings store ignores invalid values and accounts', () => {
    const values = new Map<string, unknown>([
      ['settings', { closeToTray: 'yes', theme: 'dark', extra: 1 }],
      ['accounts', [{ accountId: 'x', server: 'http://a', email: 'a@b.c', fullName: 'A', userId: 3 }, { accountId: 5 }, 'junk']],
      ['activeAccountId', 'missing'],
    ])
    const store = createSettingsStore({ get: (k) => values.get(k), set: (k, v) => void values.set(k, v), delete: (k) => void values.delete(k) })
    expect(store.settings()).toEqual({ closeToTray: true, notifications: true, theme: 'dark' })
    expect(store.accounts().map((a) => a.accountId)).toEqual(['x'])
    expect(store.activeAccountId()).toBeNull()
  })
})
