// Part C: client_id idempotency, the conversation-list socket, signed media, the user
// directory and server info; and seedOnly turning all of it off.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Conversation, Message, ServerInfo, User } from '../../src-shared/protocol/types'
import { MediaSigner } from '../../src-main/server/media/signing'
import { keysOf, openSocket, startTestServer, stopAllTestServers, type TestServer } from './helpers'

afterEach(stopAllTestServers)

async function pair(options: Parameters<typeof startTestServer>[0] = {}) {
  const t = await startTestServer(options)
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const id = await t.conversation(ada, bob)
  return { t, ada, bob, id }
}

/** Raw GET, so the path and Host header go out exactly as written. */
function rawGet(t: TestServer, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  const { port } = new URL(t.url)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(folder, f)).isFile())
}

describe('client_id', () => {
  it('echoes client_id on the broadcast and answers a resend with the stored Message only to the sender', async () => {
    const { t, ada, bob, id } = await pair()
    const a = await t.connect(id, ada)
    const b = await t.connect(id, bob)
    a.send({ type: 'chat_message', message: 'once', client_id: 'c-1' })
    const first = await b.next<Message>('message')
    expect(first.client_id).toBe('c-1')
    expect(await a.next<Message>('message')).toEqual(first)
    const a2 = await t.connect(id, ada) // as after a reconnect
    a2.send({ type: 'chat_message', message: 'once', client_id: 'c-1' })
    expect(await a2.next<Message>('message')).toEqual(first)
    a2.send({ type: 'chat_message', message: 'marker' })
    expect((await b.next<Message>('message')).content).toBe('marker')
    const history = await t.request<Message[]>(`/api/chat/conversations/${id}/messages/`, { token: bob.access })
    expect(history.body.map((m) => m.content)).toEqual(['once', 'marker'])
    expect(history.body[0]?.client_id).toBe('c-1')
    expect(keysOf(history.body[1])).not.toContain('client_id')
  })

  it('dedupes in the same turn and for file messages, keeping one file on disk', async () => {
    const { t, ada, id } = await pair()
    const a = await t.connect(id, ada)
    a.send({ type: 'chat_message', message: 'twice', client_id: 'same-turn' })
    a.send({ type: 'chat_message', message: 'twice', client_id: 'same-turn' })
    const [x, y] = [await a.next<Message>('message'), await a.next<Message>('message')]
    expect(y.id).toBe(x.id)
    const file = { type: 'file_message', filename: 'a.txt', file: Buffer.from('abc').toString('base64'), client_id: 'f-1' }
    a.send(file)
    const stored = await a.next<Message>('message')
    a.send(file)
    expect((await a.next<Message>('message')).id).toBe(stored.id)
    expect(filesUnder(join(t.dataDir, 'media', 'chat_files'))).toHaveLength(1)
  })

  it('echoes client_id on errors about that frame and rejects a malformed client_id', async () => {
    const { t, ada, id } = await pair()
    const a = await t.connect(id, ada)
    a.send({ type: 'chat_message', message: '', client_id: 'e-1' })
    expect(await a.next('error')).toEqual({ type: 'error', message: 'Message content is required', client_id: 'e-1' })
    a.send({ type: 'chat_message', message: 'x', client_id: 42 })
    expect((await a.next<{ message: string }>('error')).message).toMatch(/client_id/)
  })
})

describe('conversation-list socket', () => {
  it('sends conversation_updated for new conversations, new messages (own unread count) and read changes', async () => {
    const t = await startTestServer()
    const ada = await t.addUser('ada')
    const bob = await t.addUser('bob')
    const list = await t.connectList(bob)
    expect(list.hello).toMatchObject({ type: 'connection_established', server: 'parley', protocol: 1, user_id: bob.user.id })
    expect(keysOf(list.hello)).not.toContain('conversation')
    const id = await t.conversation(ada, bob)
    const created = await list.next<{ conversation: Conversation }>('conversation_updated')
    expect(keysOf(created)).toEqual(['conversation', 'type'])
    expect(created.conversation).toMatchObject({ id, other_user: ada.user, unread_count: 0 })
    const a = await t.connect(id, ada)
    a.send({ type: 'chat_message', message: 'ping' })
    const update = await list.next<{ conversation: Conversation; message: Message }>('conversation_updated')
    expect(update.conversation).toMatchObject({ id, unread_count: 1, last_message_preview: 'ping' })
    expect(update.message.content).toBe('ping')
    await t.request(`/api/chat/conversations/${id}/mark_read/`, { method: 'POST', token: bob.access })
    const read = await list.next<{ conversation: Conversation }>('conversation_updated')
    expect(read.conversation.unread_count).toBe(0)
  })

  it('closes with 4001 for a bad token', async () => {
    const t = await startTestServer()
    expect((await openSocket(`${t.wsUrl}/ws/conversations/?token=bad`).closed).code).toBe(4001)
  })
})

describe('signed media', () => {
  async function withFile() {
    // chat.lan: the name a LAN's DNS gives this server, configured as its public name.
    const setup = await pair({ publicNames: ['chat.lan'] })
    const a = await setup.t.connect(setup.id, setup.ada)
    const bytes = Buffer.from('0123456789abcdefghij')
    a.send({ type: 'file_message', filename: 'notes.txt', file: bytes.toString('base64') })
    const message = await a.next<Message>('message')
    return { ...setup, bytes, attachment: message.file_attachment! }
  }

  it('serves the signed URL, supports Range with 206, and refuses missing, tampered or expired signatures', async () => {
    const { t, bytes, attachment } = await withFile()
    expect(attachment.file_url).toMatch(/\?exp=\d+&sig=[\w-]+$/)
    const ok = await fetch(attachment.file_url)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('etag')).toBeTruthy()
    expect(Buffer.from(await ok.arrayBuffer()).equals(bytes)).toBe(true)
    const range = await fetch(attachment.file_url, { headers: { Range: 'bytes=2-5' } })
    expect(range.status).toBe(206)
    expect(range.headers.get('content-range')).toBe(`bytes 2-5/${bytes.length}`)
    expect(await range.text()).toBe('2345')
    expect((await fetch(`${t.url}${attachment.file}`)).status).toBe(403)
    const tampered = attachment.file_url.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`)
    expect((await fetch(tampered)).status).toBe(403)
    const otherExp = attachment.file_url.replace(/exp=(\d+)/, (_m, e: string) => `exp=${Number(e) + 3600}`)
    expect((await fetch(otherExp)).status).toBe(403)
    const secret = Buffer.from(readFileSync(join(t.dataDir, 'secret.key'), 'utf8').trim(), 'hex')
    const expired = new MediaSigner(secret, 60).sign(attachment.file, Date.now() - 3 * 3600_000)
    const expiredRes = await fetch(`${t.url}${attachment.file}?${expired}`)
    expect(expiredRes.status).toBe(403)
    expect(((await expiredRes.json()) as { detail: string }).detail).toMatch(/expired/)
    const fresh = new MediaSigner(secret, 60).sign(attachment.file)
    expect((await fetch(`${t.url}${attachment.file}?${fresh}`)).status).toBe(200)
  })

  it('cannot be used to leave the media folder or read files no message owns', async () => {
    const { t } = await withFile()
    const secret = Buffer.from(readFileSync(join(t.dataDir, 'secret.key'), 'utf8').trim(), 'hex')
    const signer = new MediaSigner(secret, 3600)
    for (const path of ['/media/chat_files/%2e%2e/%2e%2e/secret.key', '/media/chat_files/..%2f..%2fsecret.key',
      '/media/chat_files/../../parley.db', '/media/..%2fparley.db', '/media/chat_files/%00', '/media/chat_files/2026/nope.txt']) {
      const res = await rawGet(t, `${path}?${signer.sign(path)}`)
      expect(res.status, path).toBe(404)
      expect(res.body.toString()).not.toContain('parley')
    }
  })

  it('builds file_url on the Host each client used', async () => {
    const { t, bob, id, attachment } = await withFile()
    const res = await rawGet(t, `/api/chat/conversations/${id}/messages/`, { Host: 'chat.lan:8123', Authorization: `Bearer ${bob.access}` })
    const [message] = JSON.parse(res.body.toString()) as Message[]
    expect(message?.file_attachment?.file_url).toBe(attachment.file_url.replace(t.url, 'http://chat.lan:8123'))
    const viaLan = openSocket(`${t.wsUrl}/ws/chat/${id}/?token=${bob.access}`, { Host: 'chat.lan:8123' })
    await viaLan.next('connection_established')
    const direct = await t.connect(id, bob)
    direct.send({ type: 'file_message', filename: 'b.txt', file: 'eA==' })
    expect((await viaLan.next<Message>('message')).file_attachment?.file_url.startsWith('http://chat.lan:8123/media/')).toBe(true)
    expect((await direct.next<Message>('message')).file_attachment?.file_url.startsWith(`${t.url}/media/`)).toBe(true)
  })
})

describe('directory and server info', () => {
  it('finds users by name or email, never the asker, and needs auth', async () => {
    const { t, ada, bob } = await pair()
    await t.addUser('bobby')
    const res = await t.request<User[]>('/api/users/?search=BOB', { token: ada.access })
    expect(res.body.map((u) => u.email)).toEqual(['bob@example.com', 'bobby@example.com'])
    expect(keysOf(res.body[0])).toEqual(['email', 'full_name', 'id', 'user_type'])
    expect((await t.request<User[]>('/api/users/?search=', { token: bob.access })).body.map((u) => u.id)).not.toContain(bob.user.id)
    expect((await t.request<User[]>('/api/users/?search=%25', { token: ada.access })).body).toEqual([])
    expect((await t.request('/api/users/')).status).toBe(401)
  })

  it('answers GET /api/parley/info/ without auth', async () => {
    const t = await startTestServer({ name: 'Office', registration: 'open' })
    const res = await t.request<ServerInfo>('/api/parley/info/')
    expect(res.status).toBe(200)
    expect(keysOf(res.body)).toEqual(['features', 'limits', 'name', 'protocol', 'registration', 'server'])
    expect(res.body).toMatchObject({ server: 'parley', protocol: 1, name: 'Office', registration: 'open' })
  })
})

describe('liveness ping', () => {
  it('answers ping with pong to the sender only and advertises it', async () => {
    const { t, ada, bob, id } = await pair()
    const a = await t.connect(id, ada)
    const b = await t.connect(id, bob)
    expect((a.hello as { features: string[] }).features).toContain('ping')
    a.send({ type: 'ping' })
    expect(await a.next('pong')).toEqual({ type: 'pong' })
    // Bob sees nothing of it: the next frame he gets is Ada's message.
    a.send({ type: 'chat_message', message: 'after the ping' })
    const first = await b.next()
    expect(first).toMatchObject({ content: 'after the ping' })
  })
})

describe('seedOnly', () => {
  it('adds no extra keys anywhere and turns every extension off', async () => {
    const { t, ada, bob, id } = await pair({ seedOnly: true })
    const a = await t.connect(id, ada)
    expect(a.hello).toEqual({ type: 'connection_established', message: 'Connected to chat' })
    a.send({ type: 'chat_message', message: 'plain', client_id: 'ignored' })
    const message = await a.next<Message>('message')
    expect(keysOf(message)).toEqual(['content', 'conversation', 'created_at', 'file_attachment', 'id', 'is_read', 'message_type', 'sender'])
    a.send({ type: 'chat_message', message: 'plain', client_id: 'ignored' })
    expect((await a.next<Message>('message')).id).not.toBe(message.id)
    a.send({ type: 'chat_message', message: '', client_id: 'ignored' })
    expect(await a.next('error')).toEqual({ type: 'error', message: 'Message content is required' })
    for (const type of ['upload_start', 'upload_resume', 'ping']) {
      a.send({ type })
      expect(await a.next('error')).toEqual({ type: 'error', message: `Unknown message type: ${type}` })
    }
    a.send({ type: 'file_message', filename: 'doc.txt', file: 'aGVsbG8=' })
    const file = (await a.next<Message>('message')).file_attachment!
    expect(file.file_url).toBe(`${t.url}${file.file}`)
    expect(await (await fetch(file.file_url)).text()).toBe('hello')
    expect((await t.request('/api/users/?search=b', { token: ada.access })).status).toBe(404)
    expect((await t.request('/api/parley/info/')).status).toBe(404)
    await expect(openSocket(`${t.wsUrl}/ws/conversations/?token=${bob.access}`).opened).rejects.toThrow('HTTP 404')
    const history = await t.request<Message[]>(`/api/chat/conversations/${id}/messages/`, { token: bob.access })
    for (const m of history.body) expect(keysOf(m)).not.toContain('client_id')
  })
})
