// Bounded fuzz of the chat socket (issue 8): about 20,000 mutated frames of every type the
// server knows (seed frames, extension frames, upload chunks), deep nesting, truncation,
// wrong types, invalid UTF-8 and garbage, from a seeded generator (reproducible; the seed is
// in the failure message). The server must live, no handler may fail (close 1011), its
// memory must stay flat, and the messages stored before must be intact.
import { afterEach, expect, it } from 'vitest'
import { WebSocket, type RawData } from 'ws'
import type { Message } from '../../src-shared/protocol/types'
import { encodeChunkFrame } from '../../src-shared/protocol/upload'
import { startPair, stopAllTestServers, type TestServer, type TestUser } from './helpers'
import { seededRandom } from './seeded-random'

afterEach(stopAllTestServers)

const FRAMES = 20_000
const SOCKETS = 4
const BATCH = 250
const SEED = Number(process.env.PARLEY_FUZZ_SEED ?? 20261201)

/** mulberry32: small, fast, reproducible. */

function generator(random: () => number) {
  const int = (n: number) => Math.floor(random() * n)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
  const strings = ['', ' ', 'x', 'ü', '‮gnp.exe', '\u0000', '..', '../../etc/passwd', 'a'.repeat(300), '💥'.repeat(50), '__proto__', 'constructor', 'data:;base64,', '=', 'aGk=', '%%%']
  const anyValue = (level = 0): unknown => {
    switch (int(level > 2 ? 6 : 9)) {
      case 0: return pick(strings)
      case 1: return int(2 ** 31) * (random() < 0.5 ? -1 : 1)
      case 2: return pick([0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER])
      case 3: return random() < 0.5
      case 4: return null
      case 5: return 'b'.repeat(int(5000))
      case 6: return Array.from({ length: int(4) }, () => anyValue(level + 1))
      case 7: return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(strings), anyValue(level + 1)]))
      default: return { type: pick(TYPES), nested: anyValue(level + 1) }
    }
  }
  const base = (): Record<string, unknown> => {
    const clientId = random() < 0.7 ? `fz-${int(1e9)}` : anyValue()
    switch (pick(TYPES)) {
      case 'chat_message': return {
        type: 'chat_message', message: random() < 0.8 ? `fuzz ${int(1e6)}` : anyValue(), client_id: clientId,
        ...(random() < 0.3 ? { reply_to: random() < 0.7 ? int(60) : anyValue(), mentions: random() < 0.7 ? [int(5)] : anyValue() } : {}),
      }
      // Ids 1–60 include the earlier messages (bob's): ada may react to them, never edit or delete them.
      case 'edit_message': return { type: 'edit_message', message_id: random() < 0.8 ? int(60) : anyValue(), message: random() < 0.8 ? `edit ${int(1e6)}` : anyValue(), mentions: anyValue(), client_id: clientId }
      case 'delete_message': return { type: 'delete_message', message_id: random() < 0.8 ? int(60) : anyValue(), client_id: clientId }
      case 'react': return { type: 'react', message_id: random() < 0.8 ? int(60) : anyValue(), emoji: random() < 0.6 ? pick(['👍', '❤️', '🇫🇷', '👨‍👩‍👧']) : anyValue(), on: random() < 0.8 ? random() < 0.5 : anyValue(), client_id: clientId }
      case 'file_message': return { type: 'file_message', filename: random() < 0.7 ? `f${int(100)}.txt` : anyValue(), file: random() < 0.7 ? Buffer.from(`fuzz ${int(1e6)}`).toString('base64') : anyValue(), message: anyValue(), client_id: clientId }
      case 'typing': return { type: 'typing', is_typing: random() < 0.8 ? random() < 0.5 : anyValue() }
      case 'mark_read': return { type: 'mark_read' }
      case 'ping': return { type: 'ping' }
      case 'upload_start': return { type: 'upload_start', client_id: clientId, filename: random() < 0.7 ? 'up.bin' : anyValue(), size: random() < 0.7 ? int(10_000) + 1 : anyValue(), message: anyValue() }
      case 'upload_resume': return { type: 'upload_resume', upload_id: random() < 0.5 ? 'A'.repeat(22) : anyValue(), client_id: clientId }
      case 'upload_cancel': return { type: 'upload_cancel', upload_id: anyValue(), client_id: clientId }
      default: return { type: anyValue() }
    }
  }
  return (): string | Buffer => {
    const kind = int(100)
    if (kind < 8) {
      // Binary: a well-formed chunk header for a made-up upload, or bytes of anything.
      return random() < 0.6 ? Buffer.from(encodeChunkFrame('A'.repeat(int(30) + 1), int(1e6), Buffer.alloc(int(2000), 1))) : Buffer.from(Array.from({ length: int(200) }, () => int(256)))
    }
    if (kind < 14) return `{"type":${deep(int(20_000) + 33)}}`
    if (kind < 17) return `{"type":"chat_message","message":"x","n":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`
    if (kind < 20) return Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) // invalid UTF-8
    const frame = base()
    // Mutations: drop, retype or add fields.
    for (let i = int(3); i > 0; i -= 1) {
      const keys = Object.keys(frame)
      const key = pick(keys)
      const action = int(3)
      if (action === 0) delete frame[key]
      else if (action === 1) frame[key] = anyValue()
      else frame[pick(strings)] = anyValue()
    }
    let text = JSON.stringify(frame)
    if (kind < 28) text = text.slice(0, int(text.length)) // truncated
    else if (kind < 32) text = text.replace(/"/g, () => (random() < 0.1 ? "'" : '"'))
    return text
  }
}

const TYPES = [
  'chat_message', 'file_message', 'typing', 'mark_read', 'ping', 'upload_start', 'upload_resume', 'upload_cancel',
  'edit_message', 'delete_message', 'react', 'nonsense',
] as const

interface FuzzSocket { ws: WebSocket; closed: Promise<number> }

function open(t: TestServer, id: number, user: TestUser): Promise<FuzzSocket> {
  const ws = new WebSocket(`${t.wsUrl}/ws/chat/${id}/?token=${user.access}`)
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  ws.on('error', () => undefined)
  return new Promise((resolve, reject) => {
    ws.once('message', () => resolve({ ws, closed })) // connection_established
    ws.once('close', (code) => reject(new Error(`closed at open: ${code}`)))
  })
}

/** Sends a ping and waits for its pong: everything sent before it has been read. */
function drained(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no pong within 20 s')), 20_000)
    const onMessage = (data: RawData) => {
      if (data.toString().startsWith('{"type":"pong"')) done()
    }
    const onClose = () => done()
    function done() {
      clearTimeout(timer)
      ws.off('message', onMessage)
      ws.off('close', onClose)
      resolve()
    }
    ws.on('message', onMessage)
    ws.on('close', onClose)
    ws.send('{"type":"ping"}')
  })
}

it(`survives ${FRAMES} mutated frames with flat memory and earlier messages intact (seed ${SEED})`, async () => {
  const { t, ada, bob, id } = await startPair({
    limits: { messagesPerSecond: 1e6, messageBurst: 1e6, socketsPerUser: 64, maxFrameBytes: 512 * 1024 },
  })
  const reader = await t.connect(id, bob)
  for (let i = 0; i < 20; i += 1) reader.send({ type: 'chat_message', message: `before fuzz ${i}`, client_id: `before-${i}` })
  for (let i = 0; i < 20; i += 1) await reader.next<Message>('message')
  const before = (await t.request<Message[]>(`/api/chat/conversations/${id}/messages/`, { token: bob.access })).body
  expect(before).toHaveLength(20)
  await reader.close()

  const next = generator(seededRandom(SEED))
  const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => open(t, id, ada)))
  const closes: number[] = []
  let sent = 0
  let rssAfterWarmup = 0
  const started = performance.now()
  while (sent < FRAMES) {
    for (let s = 0; s < SOCKETS; s += 1) {
      let socket = sockets[s] as FuzzSocket
      if (socket.ws.readyState !== WebSocket.OPEN) {
        closes.push(await socket.closed)
        socket = sockets[s] = await open(t, id, ada)
      }
      for (let i = 0; i < BATCH && sent < FRAMES; i += 1, sent += 1) socket.ws.send(next())
    }
    await Promise.all(sockets.map((socket) => (socket.ws.readyState === WebSocket.OPEN ? drained(socket.ws) : undefined)))
    if (rssAfterWarmup === 0 && sent >= FRAMES / 5) rssAfterWarmup = process.memoryUsage().rss
  }
  const elapsedMs = performance.now() - started
  const rssAtEnd = process.memoryUsage().rss

  // No handler failed (1011); only the limits' own closes (frame too large, rate) happened.
  expect(closes.filter((code) => code !== 1009 && code !== 1008), `seed ${SEED}`).toEqual([])
  expect(elapsedMs).toBeLessThan(30_000)
  expect((rssAtEnd - rssAfterWarmup) / 1024 / 1024, `RSS ${rssAfterWarmup} → ${rssAtEnd}`).toBeLessThan(64)

  // Alive and intact: the earlier messages unchanged, and chat still works end to end.
  const after = await t.request<Message[]>(`/api/chat/conversations/${id}/messages/?limit=500`, { token: bob.access })
  expect(after.status).toBe(200)
  const kept = (await t.request<Message[]>(`/api/chat/conversations/${id}/messages/?before=${(before.at(-1)?.id ?? 0) + 1}&limit=20`, { token: bob.access })).body
  // is_read may change (the fuzz sends mark_read); nothing else may.
  const unread = (list: Message[]) => list.map(({ is_read: _read, ...rest }) => rest)
  expect(unread(kept)).toEqual(unread(before))
  for (const socket of sockets) socket.ws.terminate()
  const last = await t.connect(id, bob)
  last.send({ type: 'chat_message', message: 'after fuzz' })
  // Fuzz messages still being committed may arrive first.
  while ((await last.next<Message>('message')).content !== 'after fuzz');
  expect((await t.request('/api/parley/info/')).status).toBe(200)
}, 60_000)
