// A hostile or buggy server: a raw `ws` server that speaks just enough of the seed REST API
// to sign in, then sends malformed frames. The client must ignore them, keep the socket
// (no reconnect storm), and still deliver the valid message that follows.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Message, User } from '../../src-shared/protocol/types'
import { value } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './support/test-services'
import { waitUntil } from './support/wait'

const ada: User = { id: 1, email: 'ada@example.com', user_type: 'talker', full_name: 'Ada' }
const bob: User = { id: 2, email: 'bob@example.com', user_type: 'talker', full_name: 'Bob' }
const conversation = {
  id: 1, participants: [ada, bob], other_user: bob, title: '', last_message_at: null,
  last_message_preview: '', last_message_sender_id: null, unread_count: 0, created_at: '2026-01-14T10:00:00Z',
}
const validMessage: Message = {
  id: 7, conversation: 1, sender: bob, content: 'the real one', message_type: 'text', is_read: false,
  created_at: '2026-01-14T10:05:00Z', file_attachment: null,
}

const MALFORMED: (string | Buffer)[] = [
  'not json at all',
  '',
  '[]',
  'null',
  '42',
  '"a string"',
  '{}',
  '{"type": 5}',
  '{"type": "new_message"}',
  '{"type": "new_message", "latest_message": {"id": "seven"}}',
  '{"id": 8, "conversation": 1, "content": "no sender"}',
  '{"id": -1, "conversation": 1, "sender": {"id": 2}, "content": "bad id", "message_type": "text"}',
  '{"type": "typing", "user_id": "abc", "is_typing": "yes"}',
  '{"type": "read_receipt"}',
  '{"type": "conversation_history", "messages": "not a list"}',
  '{"type": "error"}',
  '{"type": "api_info", "version": 3}',
  `{"type": "chat_message", "message": "${'x'.repeat(100_000)}"}`,
  '{"__proto__": {"polluted": true}, "type": "typing"}',
  Buffer.from([0xff, 0x00, 0x13, 0x37]),
]

let http: Server
let wss: WebSocketServer
let url: string
let connections = 0
let dataDir: string
let main: TestMainProcess

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  const authed = req.headers.authorization === 'Bearer access-token'
  if (req.method === 'POST' && path === '/api/auth/login/') return json(res, 200, { message: 'ok', user: ada, tokens: { access: 'access-token', refresh: 'refresh-token' } })
  if (path === '/api/auth/profile/') return authed ? json(res, 200, ada) : json(res, 401, { detail: 'Authentication credentials were not provided.' })
  if (!authed) return json(res, 404, { detail: 'Not found.' })
  if (path === '/api/chat/conversations/') return json(res, 200, [conversation])
  if (path === '/api/chat/conversations/1/') return json(res, 200, conversation)
  if (path === '/api/chat/conversations/1/messages/') return json(res, 200, [])
  return json(res, 404, { detail: 'Not found.' })
}

beforeEach(async () => {
  connections = 0
  http = createServer(route)
  wss = new WebSocketServer({ server: http })
  wss.on('connection', (socket: WebSocket, req) => {
    if (!req.url?.startsWith('/ws/chat/1/')) return socket.close(4404)
    connections += 1
    socket.on('message', () => {}) // whatever the client says, this server answers garbage
    socket.send(JSON.stringify({ type: 'connection_established', message: 'Connected to chat' }))
    for (const frame of MALFORMED) socket.send(frame)
    socket.send(JSON.stringify(validMessage))
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  dataDir = await makeTempDir()
  main = await startTestMainProcess({ dataDir })
})

afterEach(async () => {
  await main.stop()
  for (const client of wss.clients) client.terminate()
  wss.close()
  http.closeAllConnections()
  await new Promise((resolve) => http.close(resolve))
  await removeDir(dataDir)
})

it('ignores malformed frames, keeps the socket and still delivers the valid message', async () => {
  value(await main.invoke('session:sign-in', { server: url, email: ada.email, password: 'whatever' }))
  value(await main.invoke('conversation:view', 1))
  await waitUntil(() => main.events.some((e) => e.event === 'message' && (e.payload as Message).id === 7), 'the valid message')

  const messages = main.events.filter((e) => e.event === 'message').map((e) => (e.payload as Message).id)
  expect(messages).toEqual([7])
  expect(connections).toBe(1)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  // The client still answers its caller normally.
  expect(value<{ conversations: unknown[] }>(await main.invoke('conversations:list')).conversations).toHaveLength(1)
})
