// An accepted chat socket: parse, check client_id, charge the rate limit, dispatch.
// Every bad frame is answered on this socket only and the socket stays usable.
import type { RawData } from 'ws'
import type { Logger } from '../logger'
import type { ServerLimitsConfig } from '../limits'
import type { ClientConnection } from './connection'
import type { FrameContext, FrameRegistry, JsonFrame } from './dispatch'
import { TokenBucket } from './rate-limiter'

const MAX_CLIENT_ID = 128

export function runChatSocket(
  connection: ClientConnection,
  frames: FrameRegistry,
  limits: ServerLimitsConfig,
  extensions: boolean,
  log: Logger,
): void {
  const bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst)
  const conversationId = connection.conversationId as number
  // Frames are dispatched in arrival order. A handler that must finish before later frames
  // run (a file being written to disk) calls ctx.holdUntil(promise): later frames of this
  // socket queue behind it, so one sender's messages keep their order. Text messages do
  // not hold, so a socket's burst still shares one group commit.
  let tail: Promise<void> | null = null

  const start = (clientId: string | null, work: (ctx: FrameContext) => void | Promise<void>): Promise<unknown> | null => {
    let hold: Promise<unknown> | null = null
    const ctx: FrameContext = {
      connection, user: connection.user, conversationId, clientId,
      holdUntil: (promise) => { hold = promise },
    }
    const fail = (error: unknown): void => {
      log.error({ err: error, connection: connection.id }, 'frame handler failed')
      connection.sendError('Internal server error', clientId)
    }
    try {
      const result = work(ctx)
      if (result) result.catch(fail)
    } catch (error) {
      fail(error)
    }
    return hold
  }

  const dispatch = (clientId: string | null, work: (ctx: FrameContext) => void | Promise<void>): void => {
    const queueBehind = (promise: Promise<unknown>): void => {
      const mine: Promise<void> = promise.then(noop, noop).then(() => {
        if (tail === mine) tail = null
      })
      tail = mine
    }
    if (tail) {
      queueBehind(tail.then(() => (connection.isOpen ? start(clientId, work) : null)))
      return
    }
    const hold = start(clientId, work)
    if (hold) queueBehind(hold)
  }

  connection.ws.on('message', (data: RawData, isBinary: boolean) => {
    if (!connection.isOpen) return
    if (isBinary) {
      const handler = frames.getBinaryHandler()
      if (!handler) return connection.sendError('Invalid JSON')
      const bytes = toBuffer(data)
      return dispatch(null, (ctx) => handler(bytes, ctx))
    }
    const frame = parseFrame(toBuffer(data).toString('utf8'))
    if (!frame) return connection.sendError('Invalid JSON')
    let clientId: string | null = null
    if (extensions && frame.client_id !== undefined) {
      const raw = frame.client_id
      if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_CLIENT_ID) {
        return connection.sendError(`client_id must be a string of 1 to ${MAX_CLIENT_ID} characters`)
      }
      clientId = raw
    }
    if (!bucket.take()) return connection.sendError('Rate limit exceeded', clientId)
    const type = frame.type
    const handler = typeof type === 'string' ? frames.textHandler(type) : undefined
    if (!handler) return connection.sendError(`Unknown message type: ${describeType(type)}`, clientId)
    dispatch(clientId, (ctx) => handler(frame as JsonFrame, ctx))
  })
}

const noop = (): void => undefined

function parseFrame(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

function describeType(type: unknown): string {
  if (typeof type === 'string') return type.slice(0, 100)
  return type === undefined ? 'None' : JSON.stringify(type).slice(0, 100)
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}
