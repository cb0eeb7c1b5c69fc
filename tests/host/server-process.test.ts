// The server-process entry, forked with Node exactly as Electron's utilityProcess runs it:
// start, every admin operation over the port, presence, a clean stop (1001) and a restart
// that keeps history. No network surface for admin: everything here goes over the port.
import { afterEach, expect, it } from 'vitest'
import type { Message } from '../../src-shared/protocol/types'
import { TestSocket } from '../server/helpers'
import { forkServerProcess, login, postJson, tempDir, type ForkedHost } from './support'
import type { HostEvent } from '../../src-main/host/protocol'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function startHost(): { host: ForkedHost; dataDir: string } {
  const host = forkServerProcess()
  const dir = tempDir('parley-host-')
  cleanups.push(dir.remove, () => host.process.exit())
  return { host, dataDir: dir.path }
}

const startArgs = (dataDir: string, port = 0) => ({
  dataDir, host: '127.0.0.1', port, registration: 'closed' as const, name: 'Test host',
  webRoot: null, nativeBinding: null, advertise: false, logLevel: 'silent' as const,
})

const isPresence = (event: HostEvent): event is Extract<HostEvent, { event: 'presence' }> => event.event === 'presence'

it('starts, and manages accounts over the port: create, reset password, remove', async () => {
  const { host, dataDir } = startHost()
  const started = await host.process.request('start', startArgs(dataDir))
  expect(started).toMatchObject({ host: '127.0.0.1', advertising: false, registration: 'closed' })
  const server = started.url

  const hostUser = await host.process.request('ensure-account', { email: 'host@parley.local', fullName: 'The Host', password: 'first secret 1' })
  expect(hostUser).toMatchObject({ email: 'host@parley.local', user_type: 'host' })
  // Again with another secret: same account, the new password is the one that works.
  expect((await host.process.request('ensure-account', { email: 'host@parley.local', fullName: 'The Host', password: 'second secret 2' })).id).toBe(hostUser.id)
  expect((await login(server, 'host@parley.local', 'first secret 1')).status).toBe(401)
  expect((await login(server, 'host@parley.local', 'second secret 2')).status).toBe(200)

  const ada = await host.process.request('create-user', { email: 'ada@example.com', fullName: 'Ada Lovelace', password: 'analytical 1' })
  expect((await host.process.request('users', {})).map((u) => u.email)).toEqual(['host@parley.local', 'ada@example.com'])
  expect((await login(server, 'ada@example.com', 'analytical 1')).status).toBe(200)
  await expect(host.process.request('create-user', { email: 'ada@example.com', fullName: 'Ada', password: 'analytical 1' })).rejects.toThrow(/already exists/)

  await host.process.request('reset-password', { email: 'ada@example.com', password: 'engine number 2' })
  expect((await login(server, 'ada@example.com', 'analytical 1')).status).toBe(401)
  expect((await login(server, 'ada@example.com', 'engine number 2')).status).toBe(200)

  await host.process.request('remove-user', { email: ada.email })
  expect((await login(server, 'ada@example.com', 'engine number 2')).status).toBe(401)
  await expect(host.process.request('remove-user', { email: 'nobody@example.com' })).rejects.toThrow(/No user with email/)
  // Bad arguments are refused on main's side before they reach the process…
  await expect(host.process.request('create-user', { email: 'x@example.com', fullName: 'X', password: 'short' })).rejects.toThrow()
  // …and the process refuses a malformed request without dying.
  const raw = (host.process as unknown as { child: { postMessage(m: unknown): void } }).child
  raw.postMessage({ kind: 'request', id: 999, op: 'users', args: { extra: true } })
  raw.postMessage('not a request')
  expect((await host.process.request('users', {})).length).toBe(1)
})

it('registration modes and invite codes: one registration per code, used twice is refused in words', async () => {
  const { host, dataDir } = startHost()
  const { url } = await host.process.request('start', startArgs(dataDir))
  const form = (email: string, extra: Record<string, unknown> = {}) => ({ email, password: 'a good password', full_name: 'Guest', ...extra })

  // Closed by default: 403, as a seed server without self-registration answers.
  expect((await postJson(`${url}/api/auth/register/`, form('a@example.com'))).status).toBe(403)
  expect(await (await fetch(`${url}/api/parley/info/`)).json()).toMatchObject({ registration: 'closed' })

  expect(await host.process.request('set-registration', { mode: 'invite' })).toBe('invite')
  expect(await (await fetch(`${url}/api/parley/info/`)).json()).toMatchObject({ registration: 'invite' })
  const missing = await postJson(`${url}/api/auth/register/`, form('a@example.com'))
  expect(missing).toMatchObject({ status: 400, body: { invite_code: [expect.stringMatching(/needs an invite code/)] } })

  const invite = await host.process.request('create-invite', {})
  expect(invite.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
  const first = await postJson(`${url}/api/auth/register/`, form('a@example.com', { invite_code: invite.code.toLowerCase() }))
  expect(first.status).toBe(201)
  const again = await postJson(`${url}/api/auth/register/`, form('b@example.com', { invite_code: invite.code }))
  expect(again).toEqual({ status: 400, body: { invite_code: ['This invite code has already been used. Ask the host for a new one.'] } })
  const wrong = await postJson(`${url}/api/auth/register/`, form('b@example.com', { invite_code: 'AAAA-BBBB-CCCC' }))
  expect(wrong.body).toEqual({ invite_code: ['This invite code is not valid. Check it with the host.'] })

  // A registration that fails (email taken) does not spend the code.
  const second = await host.process.request('create-invite', {})
  expect((await postJson(`${url}/api/auth/register/`, form('a@example.com', { invite_code: second.code }))).status).toBe(400)
  expect((await postJson(`${url}/api/auth/register/`, form('c@example.com', { invite_code: second.code }))).status).toBe(201)

  const third = await host.process.request('create-invite', {})
  await host.process.request('revoke-invite', { code: third.code })
  await expect(host.process.request('revoke-invite', { code: invite.code })).rejects.toThrow(/No unused invite code/)
  const listed = await host.process.request('invites', {})
  expect(listed.map((i) => [i.code, i.usedBy]).sort()).toEqual([[invite.code, 'a@example.com'], [second.code, 'c@example.com']].sort())

  // Open: seed-compatible, no invite needed.
  await host.process.request('set-registration', { mode: 'open' })
  expect((await postJson(`${url}/api/auth/register/`, form('d@example.com'))).status).toBe(201)
})

it('reports who is connected, stops with 1001 for everyone, and starts again with all history', async () => {
  const { host, dataDir } = startHost()
  const { url, port } = await host.process.request('start', startArgs(dataDir))
  const ada = await host.process.request('create-user', { email: 'ada@example.com', fullName: 'Ada', password: 'analytical 1' })
  const bob = await host.process.request('create-user', { email: 'bob@example.com', fullName: 'Bob', password: 'difference 2' })
  const adaToken = (await login(url, 'ada@example.com', 'analytical 1')).access!
  const bobToken = (await login(url, 'bob@example.com', 'difference 2')).access!
  const conversation = await postJson(`${url}/api/chat/conversations/`, { participant_ids: [bob.id] }, adaToken)
  const conversationId = conversation.body.id as number
  const wsUrl = (token: string) => `${url.replace('http', 'ws')}/ws/chat/${conversationId}/?token=${token}`

  const adaSocket = new TestSocket(wsUrl(adaToken))
  await adaSocket.opened
  await adaSocket.next('connection_established')
  const presence = await host.nextEvent(isPresence)
  expect(presence.presence).toEqual([{ user: ada, sockets: 1 }])
  const bobSocket = new TestSocket(wsUrl(bobToken))
  await bobSocket.opened
  await bobSocket.next('connection_established')
  await expect.poll(() => host.process.request('presence', {})).toEqual([{ user: ada, sockets: 1 }, { user: bob, sockets: 1 }])

  adaSocket.ws.send(JSON.stringify({ type: 'chat_message', message: 'kept across restarts' }))
  const sent = await bobSocket.next<Message>('message')

  await host.process.request('stop', {})
  expect((await adaSocket.closed).code).toBe(1001)
  expect((await bobSocket.closed).code).toBe(1001)
  await expect(fetch(`${url}/api/parley/info/`)).rejects.toThrow()
  await expect(host.process.request('users', {})).rejects.toThrow(/not running/)

  await host.process.request('start', startArgs(dataDir, port))
  const token = (await login(url, 'bob@example.com', 'difference 2')).access!
  const history = await fetch(`${url}/api/chat/conversations/${conversationId}/messages/`, { headers: { authorization: `Bearer ${token}` } })
  expect(((await history.json()) as Message[]).map((m) => [m.id, m.content])).toEqual([[sent.id, 'kept across restarts']])
})

it('closes sockets with 1001 and exits when main goes away (SIGTERM)', async () => {
  const { host, dataDir } = startHost()
  const { url } = await host.process.request('start', { ...startArgs(dataDir), registration: 'open' })
  const registered = await postJson(`${url}/api/auth/register/`, { email: 'x@example.com', password: 'a good password', full_name: 'X' })
  const socket = new TestSocket(`${url.replace('http', 'ws')}/ws/conversations/?token=${(registered.body.tokens as { access: string }).access}`)
  await socket.opened
  await host.nextEvent(isPresence) // the server has taken the socket in
  await host.process.exit()
  expect((await socket.closed).code).toBe(1001)
  expect(await host.exitCode).toBe(0)
})
