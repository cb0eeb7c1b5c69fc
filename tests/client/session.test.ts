// Sessions through the real IPC handlers against a real embedded server: sign-in, what is
// kept where, restart, sign-out wiping secrets and cached data, several accounts.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AccountSummary, ConversationList, SessionInfo } from '../../src-shared/ipc/contract'
import type { Conversation } from '../../src-shared/protocol/types'
import { startEmbeddedServer, type EmbeddedServer } from './support/embedded-server'
import { createUser, signIn, value } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './support/test-services'
import { waitUntil } from './support/wait'

let server: EmbeddedServer
let dataDir: string
let main: TestMainProcess

beforeEach(async () => {
  server = await startEmbeddedServer({ registration: 'open' })
  dataDir = await makeTempDir()
  main = await startTestMainProcess({ dataDir })
})

afterEach(async () => {
  await main.stop()
  await server.close()
  await removeDir(dataDir)
})

describe('sessions', () => {
  it('signs in, reports where the token is kept, and survives a restart without the password', async () => {
    const ada = await createUser(server, 'Ada')
    const session = await signIn(main, server, ada)
    expect(session.user.email).toBe(ada.email)
    expect(session.secretStorage).toBe('plaintext-test')
    expect(session.features.length).toBeGreaterThan(0)

    await main.stop()
    main = await startTestMainProcess({ dataDir })
    const resumed = value<SessionInfo | null>(await main.invoke('session:get'))
    expect(resumed?.user.id).toBe(ada.id)
    expect(value<ConversationList>(await main.invoke('conversations:list')).live).toBe(true)
  })

  it('resumed while the server is down, catches up soon after it is back: its extensions, the list socket, the conversations', async () => {
    const ada = await createUser(server, 'Ada')
    const bob = await createUser(server, 'Bob')
    await signIn(main, server, ada)
    await main.stop()
    await server.stop()
    // A list poll far longer than the test may wait: catching up must not wait for it.
    const engineOptions = { backoffBaseMs: 50, backoffCapMs: 400, listRefreshMs: 10 * 60_000 }
    main = await startTestMainProcess({ dataDir, engineOptions })
    const resumed = value<SessionInfo | null>(await main.invoke('session:get'))
    expect(resumed?.features).toEqual([]) // nothing known yet: the server is away
    await server.start()
    const conversation = await server.admin.createConversation([ada.id, bob.id])
    await waitUntil(async () => value<SessionInfo | null>(await main.invoke('session:get'))?.features.includes('conversations_socket') === true,
      'the extensions to be learned', 60_000)
    await waitUntil(() => main.events.some((e) => e.event === 'conversation' && (e.payload as Conversation).id === conversation.id), 'the conversation to be listed', 60_000)
  }, 90_000)

  it('answers a wrong password in words and stays signed out', async () => {
    const ada = await createUser(server, 'Ada')
    const result = await main.invoke('session:sign-in', { server: server.url, email: ada.email, password: 'nope' })
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(value(await main.invoke('session:get'))).toBeNull()
  })

  it('registers where the server allows it', async () => {
    const session = value<SessionInfo>(await main.invoke('session:register', {
      server: server.url, email: 'new@example.com', password: 'long enough 1', fullName: 'New Person',
    }))
    expect(session.user.full_name).toBe('New Person')
  })

  it('sign-out wipes the tokens, the cached history and the account', async () => {
    const ada = await createUser(server, 'Ada')
    const bob = await createUser(server, 'Bob')
    const conversation = await server.admin.createConversation([ada.id, bob.id])
    const session = await signIn(main, server, ada)
    value(await main.invoke('messages:send-text', conversation.id, 'a secret plan'))
    await expect.poll(async () => value<{ messages: unknown[] }>(await main.invoke('messages:history', conversation.id)).messages.length).toBe(1)
    const secretsFile = join(main.paths.data, 'secrets.json')
    expect(await readFile(secretsFile, 'utf8')).toContain(`tokens:${session.accountId}`)

    value(await main.invoke('session:sign-out'))
    expect(await readFile(secretsFile, 'utf8')).not.toContain('tokens:')
    expect(value<AccountSummary[]>(await main.invoke('accounts:list'))).toEqual([])
    await main.stop()
    main = await startTestMainProcess({ dataDir })
    expect(value(await main.invoke('session:get'))).toBeNull()
    // Nothing the account saw is left readable in the data folder.
    for (const name of await readdir(main.paths.data)) {
      if (name.endsWith('.json') || name.startsWith('client.db')) {
        expect((await readFile(join(main.paths.data, name))).includes(Buffer.from('a secret plan'))).toBe(false)
      }
    }
  })

  it('keeps several accounts and switches between them', async () => {
    const ada = await createUser(server, 'Ada')
    const bob = await createUser(server, 'Bob')
    const first = await signIn(main, server, ada)
    const second = await signIn(main, server, bob)
    const accounts = value<AccountSummary[]>(await main.invoke('accounts:list'))
    expect(accounts.map((a) => [a.email, a.active])).toEqual([[ada.email, false], [bob.email, true]])
    const switched = value<SessionInfo>(await main.invoke('accounts:switch', first.accountId))
    expect(switched.user.id).toBe(ada.id)
    expect(value<SessionInfo>(await main.invoke('session:get')).accountId).toBe(first.accountId)
    expect(second.accountId).not.toBe(first.accountId)
  })
})
