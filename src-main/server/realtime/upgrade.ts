// WebSocket upgrades on the HTTP port: /ws/chat/<id>/ and (extension) /ws/conversations/.
// Auth happens after the handshake so the protocol's close codes can be delivered:
// 4001 bad token, 4404 no such conversation or not a participant, 4429 too many sockets.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { CLOSE } from '../../../src-shared/protocol/types'
import type { ServerContext } from '../context'
import { parseExt } from '../chat/message-ext'
import { ClientConnection, socketOf } from './connection'
import { runChatSocket } from './chat-socket'
import type { FrameRegistry } from './dispatch'
import { connectionEstablished } from './handshake'
import { FrameBudget } from './frame-budget'
import { TokenBucket } from './rate-limiter'

const CHAT_PATH = /^\/ws\/chat\/([^/]+)\/?$/
const LIST_PATH = /^\/ws\/conversations\/?$/
const HEARTBEAT_MS = 30_000

export class SocketGateway {
  private readonly wss: WebSocketServer
  private readonly heartbeat: NodeJS.Timeout
  private readonly alive = new WeakSet<WebSocket>()
  private readonly budget: FrameBudget

  constructor(private readonly ctx: ServerContext, private readonly frames: FrameRegistry) {
    const maxFrameBytes = ctx.options.limits.maxFrameBytes
    // perMessageDeflate stays off (ws's server default): an inflated frame could be far
    // larger in memory than the bytes that crossed the network and the frame budget counts.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes, clientTracking: false, perMessageDeflate: false })
    this.budget = new FrameBudget(ctx.options.limits.framesInFlightBytes, ctx.log)
    // Dead peers (sleeping laptops, pulled cables) must not hold sockets-per-user slots.
    this.heartbeat = setInterval(() => this.ping(), HEARTBEAT_MS)
    this.heartbeat.unref()
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    for (const check of [this.ctx.hosts.checkHost(req), this.ctx.hosts.checkOrigin(req)]) {
      if (!check.ok) return refuseHandshake(socket, check.status, check.detail)
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    const chat = CHAT_PATH.exec(url.pathname)
    const list = !chat && !this.ctx.options.seedOnly && LIST_PATH.test(url.pathname)
    if (!chat && !list) return refuseHandshake(socket, 404, 'Not found.')
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.pause() // frames wait until the socket is authorized
      labelOversizeClose(ws, this.ctx.options.limits.maxFrameBytes)
      this.accept(ws, req, url, chat ? chat[1] ?? '' : null).catch((error: unknown) => {
        this.ctx.log.error({ err: error }, 'socket accept failed')
        refuse(ws, CLOSE.internalError, 'Internal error')
      })
    })
  }

  /** Closes every socket with 1001 (server shutting down). */
  closeAll(): void {
    clearInterval(this.heartbeat)
    for (const connection of this.ctx.hub.all()) connection.close(CLOSE.goingAway, 'Server shutting down')
  }

  private async accept(ws: WebSocket, req: IncomingMessage, url: URL, rawConversation: string | null): Promise<void> {
    const { ctx } = this
    const auth = await ctx.sessions.authenticate(url.searchParams.get('token'))
    if (!auth) return refuse(ws, CLOSE.unauthorized, 'Invalid or expired token')
    const { user } = auth
    let conversationId: number | null = null
    if (rawConversation !== null) {
      conversationId = /^\d{1,15}$/.test(rawConversation) ? Number(rawConversation) : 0
      if (!(await ctx.storage.conversations.isParticipant(conversationId, user.id))) return refuse(ws, CLOSE.notFound, 'Conversation not found')
    }
    if (!(await ctx.hub.reserve(user.id, ctx.options.limits.socketsPerUser))) {
      return refuse(ws, CLOSE.tooManySockets, 'Too many connections')
    }
    if (ws.readyState !== ws.OPEN) return ctx.hub.release(user.id)
    const connection = new ClientConnection(ws, user, conversationId === null ? 'conversations' : 'chat', conversationId,
      ctx.baseUrlFor(req), { slowReaderBytes: ctx.options.limits.slowReaderBytes, extensions: !ctx.options.seedOnly, log: ctx.log }, auth,
      parseExt(url.searchParams.get('ext'), ctx.features))
    connection.holdUntilGreeted()
    ctx.hub.add(connection)
    this.alive.add(ws)
    ws.on('pong', () => this.alive.add(ws))
    ws.on('error', (error) => ctx.log.debug({ err: error, connection: connection.id }, 'socket error'))
    ws.on('close', (code) => {
      try {
        ctx.hub.remove(connection)
        if (connection.kind === 'chat') this.frames.closed(connection)
      } catch (error) {
        ctx.log.error({ err: error, connection: connection.id }, 'socket close handler failed')
      }
      ctx.log.debug({ connection: connection.id, code }, 'socket closed')
    })
    connection.greet(await connectionEstablished(ctx, user, conversationId, connection.ext))
    const socket = socketOf(ws)
    if (connection.kind === 'chat') {
      // ws exposes no byte count of a frame in progress: the TCP socket's reads are counted.
      const meter = socket ? this.budget.watch(connection, socket) : { delivered: () => noop }
      runChatSocket(connection, this.frames, ctx.options.limits, !ctx.options.seedOnly, ctx.log, meter)
    }
    else {
      // Charged like chat frames; over the rate they are dropped without an answer.
      const bucket = new TokenBucket(ctx.options.limits.messagesPerSecond, ctx.options.limits.messageBurst)
      ws.on('message', () => {
        if (bucket.take()) connection.sendError('This socket only sends updates')
      })
    }
    ctx.log.debug({ connection: connection.id, userId: user.id, conversationId }, 'socket accepted')
    ws.resume()
  }

  private ping(): void {
    for (const connection of this.ctx.hub.all()) {
      const ws = connection.ws
      if (!this.alive.has(ws)) {
        ws.terminate()
        continue
      }
      this.alive.delete(ws)
      ws.ping()
    }
  }
}

const noop = (): void => undefined

const REASONS: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request' }

/** Answers a WebSocket handshake with a plain HTTP error and its {"detail"} body, DRF style. */
function refuseHandshake(socket: Duplex, status: number, detail: string): void {
  const body = JSON.stringify({ detail })
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
}

/** Resumes first: a paused socket would not read the peer's close reply, stalling the close handshake. */
function refuse(ws: WebSocket, code: number, reason: string): void {
  ws.resume()
  ws.close(code, reason)
}

/**
 * ws closes an oversize frame with a bare 1009. Give the close a reason the client can
 * show, by wrapping this socket's close() (the receiver calls it with only the code).
 */
function labelOversizeClose(ws: WebSocket, maxFrameBytes: number): void {
  const close = ws.close.bind(ws)
  ws.close = (code?: number, reason?: string | Buffer) => {
    if (code === 1009 && reason === undefined) return close(code, `Frame too large (max ${maxFrameBytes} bytes)`)
    return close(code, reason)
  }
}
