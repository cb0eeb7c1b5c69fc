// The baseline: a bare `ws` broadcast server with the seed's fan-out semantics and frame
// shapes, but no auth, no storage, no validation beyond JSON.parse. It bounds what any
// Node server on this machine can do, so Parley's figures are read against it.
// Run as a forked child by the bench runner (see harness/server-process.ts). With `relay`,
// several of them relay each message through Redis: the floor under a Parley cluster
// (baseline-relay.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { openRelay } from './baseline-relay'
import { failAndExit, launchOptions, onParentMessage, serverRuntime, tell } from './child-runtime'
import type { SetupRequest, SetupResult } from './ipc'

const CHAT_PATH = /^\/ws\/chat\/(\d+)\/?$/
const rooms = new Map<number, Set<WebSocket>>()
const files = new Map<string, Buffer>()
let nextMessageId = 1
let nextFileId = 1

const options = launchOptions()
const relay = options.relay ? await openRelay(options.relay.bus, deliver) : null
const http = createServer(serveMedia)
// 64 MiB frames: enough for the 20 MB file as base64, like a Parley server configured for it.
const wss = new WebSocketServer({ server: http, maxPayload: 64 * 1024 * 1024, perMessageDeflate: false })

wss.on('connection', (socket, request) => {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const match = CHAT_PATH.exec(url.pathname)
  if (!match) {
    socket.close(4404)
    return
  }
  const conversation = Number(match[1])
  const userId = Number(url.searchParams.get('token')?.replace(/^baseline-/, '')) || 1
  const room = rooms.get(conversation) ?? new Set<WebSocket>()
  rooms.set(conversation, room)
  room.add(socket)
  socket.on('close', () => room.delete(socket))
  socket.send(JSON.stringify({ type: 'connection_established', message: 'Connected to chat' }))
  const origin = `http://${request.headers.host ?? '127.0.0.1'}`
  socket.on('message', (data) => onFrame(conversation, userId, origin, String(data)))
})

function onFrame(conversation: number, userId: number, origin: string, text: string): void {
  let frame: { type?: string; message?: string; filename?: string; file?: string; client_id?: string }
  try {
    frame = JSON.parse(text)
  } catch {
    return
  }
  if (frame.type === 'chat_message' && frame.message) {
    broadcast(conversation, message(conversation, userId, frame.message, null, frame.client_id))
  } else if (frame.type === 'file_message' && frame.file && frame.filename) {
    const bytes = Buffer.from(frame.file, 'base64')
    const id = nextFileId++
    const path = `/media/chat_files/baseline/${id}`
    files.set(path, bytes)
    const attachment = {
      id,
      file: path,
      file_url: `${origin}${path}`,
      filename: frame.filename,
      file_size: bytes.length,
      file_size_display: '',
      file_type: 'application/octet-stream',
      uploaded_at: new Date().toISOString(),
    }
    broadcast(conversation, message(conversation, userId, frame.message ?? '', attachment, frame.client_id))
  }
}

function message(conversation: number, userId: number, content: string, attachment: object | null, clientId?: string): object {
  return {
    id: nextMessageId++,
    conversation,
    sender: { id: userId, email: `user${userId}@bench.local`, user_type: 'talker', full_name: `Bench User ${userId}` },
    content,
    message_type: attachment ? 'file' : 'text',
    is_read: false,
    created_at: new Date().toISOString(),
    file_attachment: attachment,
    ...(clientId === undefined ? {} : { client_id: clientId }),
  }
}

function broadcast(conversation: number, payload: object): void {
  const text = JSON.stringify(payload)
  deliver(conversation, text)
  relay?.publish(conversation, text)
}

function deliver(conversation: number, text: string): void {
  for (const peer of rooms.get(conversation) ?? []) peer.send(text)
}

function serveMedia(request: IncomingMessage, response: ServerResponse): void {
  const bytes = files.get(new URL(request.url ?? '/', 'http://localhost').pathname)
  if (!bytes) {
    response.writeHead(404).end()
    return
  }
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length })
  response.end(bytes)
}

/** No accounts here: every socket gets a made-up user id carried in its "token". */
function setup(request: SetupRequest): SetupResult {
  const sockets: SetupResult['sockets'] = []
  let userId = 1
  for (let conversationId = 1; conversationId <= request.conversations; conversationId++) {
    for (let i = 0; i < request.usersPerConversation; i++, userId++) {
      sockets.push({ conversationId, userId, email: `baseline-${userId}`, password: '' })
    }
  }
  return { sockets }
}

onParentMessage((message) => {
  if (message.type === 'setup') tell({ type: 'setup-done', id: message.id, result: setup(message.request) })
  else if (message.type === 'close') {
    relay?.close()
    wss.close()
    http.close()
    for (const client of wss.clients) client.terminate()
    process.exit(0)
  }
})

http.on('error', failAndExit)
http.listen(0, '127.0.0.1', () => {
  const { port } = http.address() as AddressInfo
  tell({ type: 'ready', url: `http://127.0.0.1:${port}`, features: [], runtime: serverRuntime() })
})
