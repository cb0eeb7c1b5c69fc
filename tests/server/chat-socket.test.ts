// Part A of the seed protocol (docs/protocol.md) over a real socket: close codes, first frame, the four client
// frames, exact object keys and every error text.
import { SignJWT, UnsecuredJWT } from 'jose'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Message } from '../../src-shared/protocol/types'
import { keysOf, openSocket, startTestServer, stopAllTestServers, type TestServer, type TestUser } from './helpers'

const MESSAGE_KEYS = ['content', 'conversation', 'created_at', 'file_attachment', 'id', 'is_read', 'message_type', 'sender']
const USER_KEYS = ['email', 'full_name', 'id', 'user_type']
const ATTACHMENT_KEYS = ['file', 'file_size', 'file_size_display', 'file_type', 'file_url', 'filename', 'id', 'uploaded_at']

let t: TestServer
let ada: TestUser
let bob: TestUser
let eve: TestUser
let conversationId: number

beforeEach(async () => {
  t = await startTestServer()
  ada = await t.addUser('ada')
  bob = await t.addUser('bob')
  eve = await t.addUser('eve')
  conversationId = await t.conversation(ada, bob)
})
afterEach(stopAllTestServers)

const chatUrl = (id: number | string, token?: string): string =>
  `${t.wsUrl}/ws/chat/${id}/${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`

function secret(): Uint8Array {
  return new Uint8Array(Buffer.from(readFileSync(join(t.dataDir, 'secret.key'), 'utf8').trim(), 'hex'))
}

describe('connection', () => {
  it('closes with 4001 for a missing, malformed, wrongly signed, alg none, expired or refresh token', async () => {
    const now = Math.floor(Date.now() / 1000)
    const claims = { token_type: 'access', user_id: ada.user.id, jti: 'x' }
    const wrongKey = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h')
      .sign(new Uint8Array(64))
    const none = new UnsecuredJWT(claims).setIssuedAt().setExpirationTime('1h').encode()
    const expired = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600).sign(secret())
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).setIssuedAt().setExpirationTime('1h').sign(secret())
    for (const token of [undefined, '', 'not-a-jwt', wrongKey, none, expired, hs512, ada.refresh]) {
      const { code } = await openSocket(chatUrl(conversationId, token)).closed
      expect(code, `token ${token}`).toBe(4001)
    }
  })

  it('accepts a token we signed ourselves with the right claims (SimpleJWT compatible)', async () => {
    const token = await new SignJWT({ token_type: 'access', user_id: ada.user.id, jti: 'abc' })
      .setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m').sign(secret())
    const socket = await t.connect(conversationId, token)
    expect(socket.hello.type).toBe('connection_established')
  })

  it('closes with 4404 for a missing conversation or a non-participant', async () => {
    expect((await openSocket(chatUrl(9999, ada.access)).closed).code).toBe(4404)
    expect((await openSocket(chatUrl('abc', ada.access)).closed).code).toBe(4404)
    expect((await openSocket(chatUrl(conversationId, eve.access)).closed).code).toBe(4404)
  })

  it('sends connection_established first, with Parley fields', async () => {
    const socket = await t.connect(conversationId, ada)
    expect(socket.hello).toMatchObject({
      type: 'connection_established', message: 'Connected to chat', server: 'parley', protocol: 1,
      user_id: ada.user.id, conversation: conversationId,
    })
    expect(socket.hello.features).toEqual(expect.arrayContaining(['client_id', 'conversations_socket', 'signed_media', 'user_directory']))
    expect(socket.hello.limits).toMatchObject({ max_file_bytes: expect.any(Number), max_frame_bytes: expect.any(Number) })
  })

  it('refuses unknown socket paths at the handshake', async () => {
    await expect(openSocket(`${t.wsUrl}/ws/nothing/?token=${ada.access}`).opened).rejects.toThrow('HTTP 404')
  })
})

describe('chat_message', () => {
  it('stores and broadcasts the Message to every participant socket, sender included, with exact keys', async () => {
    const a1 = await t.connect(conversationId, ada)
    const a2 = await t.connect(conversationId, ada)
    const b = await t.connect(conversationId, bob)
    a1.send({ type: 'chat_message', message: 'Hello, how are you?' })
    const [m1, m2, m3] = await Promise.all([a1.next<Message>('message'), a2.next<Message>('message'), b.next<Message>('message')])
    expect(m2).toEqual(m1)
    expect(m3).toEqual(m1)
    expect(keysOf(m1)).toEqual(MESSAGE_KEYS)
    expect(keysOf(m1.sender)).toEqual(USER_KEYS)
    expect(m1).toMatchObject({
      conversation: conversationId, sender: ada.user, content: 'Hello, how are you?', message_type: 'text',
      is_read: false, file_attachment: null,
    })
    expect(m1.id).toBeGreaterThan(0)
    expect(m1.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
    const history = await t.request<Message[]>(`/api/chat/conversations/${conversationId}/messages/`, { token: bob.access })
    expect(history.body).toEqual([m1])
  })

  it('answers an empty or missing message with "Message content is required" and stays usable', async () => {
    const a = await t.connect(conversationId, ada)
    for (const frame of [{ type: 'chat_message' }, { type: 'chat_message', message: '' }, { type: 'chat_message', message: '   ' }, { type: 'chat_message', message: 42 }]) {
      a.send(frame)
      const error = await a.next('error')
      expect(error).toEqual({ type: 'error', message: 'Message content is required' })
    }
    a.send({ type: 'chat_message', message: 'still here' })
    expect((await a.next<Message>('message')).content).toBe('still here')
  })
})

describe('errors', () => {
  it('answers bad frames with the exact seed texts, only to the sender, and keeps the socket', async () => {
    const a = await t.connect(conversationId, ada)
    const b = await t.connect(conversationId, bob)
    const cases: [string, string][] = [
      ['not json', 'Invalid JSON'],
      ['[1,2]', 'Invalid JSON'],
      [JSON.stringify({ type: 'file_message', filename: 'a.txt' }), 'File data and filename are required'],
      [JSON.stringify({ type: 'file_message', file: 'aGk=' }), 'File data and filename are required'],
      [JSON.stringify({ type: 'file_message', file: '%%%not base64%%%', filename: 'a.txt' }), 'Invalid file data'],
      [JSON.stringify({ type: 'file_message', file: 'abcde', filename: 'a.txt' }), 'Invalid file data'],
      // Unpadded: the seed's b64decode(validate=True) refuses it, so nothing is stored.
      [JSON.stringify({ type: 'file_message', file: 'aGVsbG8', filename: 'a.txt' }), 'Invalid file data'],
      [JSON.stringify({ type: 'dance' }), 'Unknown message type: dance'],
      [JSON.stringify({ message: 'no type' }), 'Unknown message type: None'],
    ]
    for (const [raw, text] of cases) {
      a.sendRaw(raw)
      const error = await a.next('error')
      expect(error, raw).toEqual({ type: 'error', message: text })
      expect(keysOf(error)).toEqual(['message', 'type'])
    }
    a.send({ type: 'chat_message', message: 'after errors' })
    expect((await b.next<Message>('message')).content).toBe('after errors')
    expect(b.pending().filter((f) => f.type === 'error')).toEqual([])
  })
})

describe('file_message', () => {
  it('stores the file under media and broadcasts a file Message with exact attachment keys', async () => {
    const a = await t.connect(conversationId, ada)
    const b = await t.connect(conversationId, bob)
    const bytes = Buffer.alloc(102400, 7)
    a.send({ type: 'file_message', filename: 'document.pdf', file: bytes.toString('base64'), message: "Here's the document" })
    const message = await b.next<Message>('message')
    expect(await a.next<Message>('message')).toEqual(message)
    expect(keysOf(message)).toEqual(MESSAGE_KEYS)
    expect(message).toMatchObject({ message_type: 'file', content: "Here's the document" })
    const attachment = message.file_attachment!
    expect(keysOf(attachment)).toEqual(ATTACHMENT_KEYS)
    expect(attachment).toMatchObject({
      filename: 'document.pdf', file_size: 102400, file_size_display: '100.0 KB', file_type: 'application/pdf',
    })
    expect(attachment.file).toMatch(/^\/media\/chat_files\/\d{4}\/\d\d\/\d\d\/[^/]+document\.pdf$/)
    expect(attachment.file_url.startsWith(`${t.url}${attachment.file}?`)).toBe(true)
    const download = await fetch(attachment.file_url)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('keeps one sender\'s order: a text sent right after a file is not delivered before it', async () => {
    const a = await t.connect(conversationId, ada)
    const b = await t.connect(conversationId, bob)
    a.send({ type: 'file_message', filename: 'photo.png', file: Buffer.alloc(512 * 1024, 1).toString('base64') })
    a.send({ type: 'chat_message', message: 'look at this' })
    a.send({ type: 'file_message', filename: 'bad.png', file: '$$$' })
    a.send({ type: 'chat_message', message: 'and this' })
    const received = [await b.next<Message>('message'), await b.next<Message>('message'), await b.next<Message>('message')]
    expect(received.map((m) => m.message_type === 'file' ? m.file_attachment?.filename : m.content)).toEqual(['photo.png', 'look at this', 'and this'])
    expect(received[0]!.id).toBeLessThan(received[1]!.id)
    expect(await a.next('error')).toEqual({ type: 'error', message: 'Invalid file data' })
  })

  it('sanitizes the filename and defaults content to ""', async () => {
    const a = await t.connect(conversationId, ada)
    a.send({ type: 'file_message', filename: '../../etc/pa\u0007sswd.txt', file: Buffer.from('x').toString('base64') })
    const message = await a.next<Message>('message')
    expect(message.content).toBe('')
    expect(message.file_attachment).toMatchObject({ filename: 'passwd.txt', file_size: 1, file_size_display: '1 B', file_type: 'text/plain' })
    a.send({ type: 'file_message', filename: 'x'.repeat(300) + '.bin', file: 'eA==' })
    const long = await a.next<Message>('message')
    expect(long.file_attachment!.filename).toHaveLength(255)
    expect(long.file_attachment!.filename.endsWith('.bin')).toBe(true)
    expect(long.file_attachment!.file_type).toBe('application/octet-stream')
    a.send({ type: 'file_message', filename: '..', file: 'eA==' })
    expect(await a.next('error')).toEqual({ type: 'error', message: 'Invalid filename' })
  })
})

describe('typing and mark_read', () => {
  it('sends typing only to the other participants', async () => {
    const a = await t.connect(conversationId, ada)
    const a2 = await t.connect(conversationId, ada)
    const b = await t.connect(conversationId, bob)
    a.send({ type: 'typing', is_typing: true })
    const typing = await b.next('typing')
    expect(typing).toEqual({ type: 'typing', user_id: ada.user.id, user_email: ada.email, is_typing: true })
    // A message sent afterwards is the next frame on ada's sockets: no typing echo came first.
    a.send({ type: 'chat_message', message: 'marker' })
    expect((await a.next()).content).toBe('marker')
    expect((await a2.next()).content).toBe('marker')
    a.send({ type: 'typing', is_typing: 'yes' })
    expect(await a.next('error')).toEqual({ type: 'error', message: 'is_typing must be true or false' })
  })

  it('marks the other side\'s messages read and sends read_receipt to the others only', async () => {
    const a = await t.connect(conversationId, ada)
    const b = await t.connect(conversationId, bob)
    a.send({ type: 'chat_message', message: 'one' })
    a.send({ type: 'chat_message', message: 'two' })
    await b.next('message')
    await b.next('message')
    b.send({ type: 'chat_message', message: 'from bob' })
    await a.next('message')
    await a.next('message')
    await a.next('message')
    b.send({ type: 'mark_read' })
    expect(await a.next('read_receipt')).toEqual({ type: 'read_receipt', user_id: bob.user.id })
    const history = await t.request<Message[]>(`/api/chat/conversations/${conversationId}/messages/`, { token: ada.access })
    expect(history.body.map((m) => [m.content, m.is_read])).toEqual([['one', true], ['two', true], ['from bob', false]])
    b.send({ type: 'chat_message', message: 'marker' })
    expect((await b.next()).content).toBe('from bob')
    expect((await b.next()).content).toBe('marker')
  })
})
