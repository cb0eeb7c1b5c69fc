// Ending sessions (issue 8 item 7): removing an account or resetting a password from the
// CLI (another process on the same SQLite file) closes that user's sockets at once and
// refuses its access and refresh tokens; refresh tokens rotate, and reusing an old one
// revokes the session, as SimpleJWT's rotation + blacklist does.
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import type { Message } from '../../src-shared/protocol/types'
import { createAdmin } from '../../src-main/server/admin'
import { openStorage } from '../../src-main/server/storage/open-storage'
import { startPair, stopAllTestServers, type TestServer, type TestUser } from './helpers'

afterEach(stopAllTestServers)

function cli(args: string[]) {
  return spawnSync('node_modules/.bin/tsx', ['src-main/server/cli.ts', ...args], { encoding: 'utf8', timeout: 60_000 })
}


const refresh = (t: TestServer, token: string) => t.request<{ access: string; refresh: string; detail?: string }>('/api/auth/token/refresh/', { method: 'POST', body: { refresh: token } })

async function expectSignedOut(t: TestServer, user: TestUser) {
  expect((await t.request('/api/auth/profile/', { token: user.access })).status).toBe(401)
  expect((await refresh(t, user.refresh)).status).toBe(401)
}

describe('another process ends sessions', () => {
  it('`users reset-password` from the CLI closes the sockets and refuses the old tokens; the new password works', async () => {
    const { t, ada, bob, id } = await startPair()
    const chat = await t.connect(id, ada)
    const list = await t.connectList(ada)
    const bobSocket = await t.connect(id, bob)
    const run = cli(['users', 'reset-password', '--email', ada.email, '--password', 'a-brand-new-one', '--data', t.dataDir])
    expect(run.status, run.stderr).toBe(0)
    expect(await chat.closed).toEqual({ code: 4001, reason: 'Session ended: sign in again' })
    expect((await list.closed).code).toBe(4001)
    await expectSignedOut(t, ada)
    const again = await t.login(ada.email, 'a-brand-new-one')
    const socket = await t.connect(id, again)
    socket.send({ type: 'chat_message', message: 'back in' })
    expect((await bobSocket.next<Message>('message')).content).toBe('back in') // bob was never disturbed
  }, 60_000)

  it('removing the account through another connection to the file ends it the same way', async () => {
    const { t, ada, id } = await startPair()
    const chat = await t.connect(id, ada)
    const storage = await openStorage({ dataDir: t.dataDir })
    try {
      await createAdmin(storage).removeUser(ada.email)
    } finally {
      await storage.close()
    }
    expect((await chat.closed).code).toBe(4001)
    await expectSignedOut(t, ada)
    // Revived with the same email: the old tokens stay dead.
    await t.server.admin.createUser({ email: ada.email, password: 'password-ada', fullName: 'Ada' })
    await expectSignedOut(t, ada)
  })
})

describe('refresh rotation', () => {
  it('answers a new refresh token each time, and the newest one keeps working', async () => {
    const { t, ada } = await startPair()
    const first = await refresh(t, ada.refresh)
    expect(first.status).toBe(200)
    expect(first.body.refresh).not.toBe(ada.refresh)
    const second = await refresh(t, first.body.refresh)
    expect(second.status).toBe(200)
    expect((await t.request('/api/auth/profile/', { token: second.body.access })).status).toBe(200)
  })

  it('revokes the whole session when an old refresh token comes back, and closes its sockets', async () => {
    const { t, ada, id } = await startPair()
    const otherDevice = await t.login(ada.email, ada.password)
    const rotated = await refresh(t, ada.refresh)
    const socket = await t.connect(id, rotated.body.access)
    const reuse = await refresh(t, ada.refresh) // the thief, or a seed client that ignored the rotation
    expect(reuse).toMatchObject({ status: 401, body: { detail: 'Token is blacklisted' } })
    expect((await socket.closed).code).toBe(4001)
    expect((await refresh(t, rotated.body.refresh)).status).toBe(401)
    expect((await t.request('/api/auth/profile/', { token: rotated.body.access })).status).toBe(401)
    expect((await t.request('/api/auth/profile/', { token: ada.access })).status).toBe(401)
    // Another sign-in of the same account is another session: untouched.
    expect((await t.request('/api/auth/profile/', { token: otherDevice.access })).status).toBe(200)
    expect((await refresh(t, otherDevice.refresh)).status).toBe(200)
  })

  it('lets a seed client that ignores the new refresh token refresh once, then sign in again (SimpleJWT behaviour)', async () => {
    const { t, ada } = await startPair()
    const once = await refresh(t, ada.refresh)
    expect(once.status).toBe(200)
    expect((await t.request('/api/auth/profile/', { token: once.body.access })).status).toBe(200)
    expect((await refresh(t, ada.refresh)).status).toBe(401)
    const back = await t.login(ada.email, ada.password)
    expect((await t.request('/api/auth/profile/', { token: back.access })).status).toBe(200)
  })
})
