// An accepted chat socket: parse, check client_id, charge the rate limit, dispatch.
// Every bad frame is answered on this socket only and the socket stays usable; a handler
// that throws or rejects closes its socket with 1011 and nothing else.
import type { RawData } from 'ws'
import type { Logger } from '../logger'
import type { ServerLimitsConfig } from '../limits'
import type { ClientConnection } from './connection'
import type { FrameContext, FrameRegistry, JsonFrame } from './dispatch'
import { CLOSE } from '../../../src-shared/protocol/types'
import { MAX_JSON_DEPTH, parseJsonBytes } from '../safe-json'
import type { FrameMeter } from './frame-budget'
import { TokenBucket } from './rate-limiter'

const MAX_CLIENT_ID = 128
/** Frames refused for the rate, in a row, after which the socket is closed with 1008. */
export const MAX_REFUSED_IN_A_ROW = 100

export function runChatSocket(
  connection: ClientConnection,
  frames: FrameRegistry,
  limits: ServerLimitsConfig,
  extensions: boolean,
  log: Logger,
  /** The server-wide frame budget's view of this socket (frame-budget.ts). */
  meter: FrameMeter,
): void {
  const bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst)
  const conversationId = connection.conversationId as number
  // Frames are dispatched in arrival order. A handler that must finish before later frames
  // run (a file being written to disk) calls ctx.holdUntil(promise): later frames of this
  // socket queue behind it, so one sender's messages keep their order. Text messages do
  // not hold, so a socket's burst still shares one group commit.
  let tail: Promise<void> | null = null

  /** Runs a handler; `done` is called once it has settled (the frame's bytes are then free). */
  const start = (clientId: string | null, work: Work, done: () => void): Promise<unknown> | null => {
    let hold: Promise<unknown> | null = null
    const ctx: FrameContext = {
      connection, user: connection.user, conversationId, clientId,
      holdUntil: (promise) => { hold = promise },
    }
    const fail = (error: unknown): void => closeOnFailure(connection, log, error)
    try {
      const result = work(ctx)
      if (result) result.catch(fail).finally(done)
      else done()
    } catch (error) {
      done()
      fail(error)
    }
    return hold
  }

  const dispatch = (clientId: string | null, work: Work, done: () => void): void => {
    const queueBehind = (promise: Promise<unknown>): void => {
      const mine: Promise<void> = promise.then(noop, noop).then(() => {
        if (tail === mine) tail = null
      })
      tail = mine
    }
    if (tail) {
      queueBehind(tail.then(() => {
        if (connection.isOpen) return start(clientId, work, done)
        done()
        return null
      }))
      return
    }
    const hold = start(clientId, work, done)
    if (hold) queueBehind(hold)
  }

  // Every frame is charged before anything else, so garbage costs the sender as much as a
  // message does. Text frames over the rate are dropped with an error; binary frames (upload
  // chunks, which must not be lost) are taken and the socket stops being read until the
  // rate allows the next one.
  let refusedInARow = 0
  /** Handles one frame; true when a handler took it (and with it `done`). */
  const onFrame = (data: RawData, isBinary: boolean, done: () => void): boolean => {
    if (!connection.isOpen) return false
    const bytes = toBuffer(data)
    if (isBinary) {
      const wait = bucket.borrow()
      if (wait > 0) {
        connection.pauseReading(RATE_PAUSE)
        setTimeout(() => connection.resumeReading(RATE_PAUSE), wait).unref()
      }
      const handler = frames.getBinaryHandler()
      if (!handler) return refuse('Invalid JSON')
      dispatch(null, (ctx) => handler(bytes, ctx), done)
      return true
    }
    const allowed = bucket.take()
    refusedInARow = allowed ? 0 : refusedInARow + 1
    // A client refused this often in a row is not listening: stop paying for its frames.
    if (refusedInARow > MAX_REFUSED_IN_A_ROW) {
      connection.close(CLOSE.policy, 'Rate limit exceeded')
      return false
    }
    const parsed = parseJsonBytes(bytes)
    if (parsed.kind !== 'object') return refuse(allowed ? (parsed.kind === 'too-deep' ? TOO_DEEP : 'Invalid JSON') : 'Rate limit exceeded')
    const frame = parsed.value
    let clientId: string | null = null
    if (extensions && frame.client_id !== undefined) {
      const raw = frame.client_id
      if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_CLIENT_ID) {
        return refuse(allowed ? `client_id must be a string of 1 to ${MAX_CLIENT_ID} characters` : 'Rate limit exceeded')
      }
      clientId = raw
    }
    if (!allowed) return refuse('Rate limit exceeded', clientId)
    const type = frame.type
    const handler = typeof type === 'string' ? frames.textHandler(type) : undefined
    if (!handler) return refuse(`Unknown message type: ${describeType(type)}`, clientId)
    dispatch(clientId, (ctx) => handler(frame as JsonFrame, ctx), done)
    return true
  }
  const refuse = (message: string, clientId?: string | null): false => {
    connection.sendError(message, clientId)
    return false
  }

  connection.ws.on('message', (data: RawData, isBinary: boolean) => {
    const done = meter.delivered(byteLength(data))
    try {
      if (!onFrame(data, isBinary, done)) done()
    } catch (error) {
      done()
      closeOnFailure(connection, log, error)
    }
  })
}

/** Frames nested deeper than MAX_JSON_DEPTH (../safe-json.ts). */
export const TOO_DEEP = `Invalid JSON: nested more than ${MAX_JSON_DEPTH} levels`
const RATE_PAUSE = 'rate limit'
const noop = (): void => undefined
type Work = (ctx: FrameContext) => void | Promise<void>

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0)
  return data instanceof ArrayBuffer ? data.byteLength : data.length
}

/**
 * A frame handler failed in a way nobody planned for: that socket is closed with 1011 (the
 * client reconnects and fills the gap from history) and the process carries on serving
 * everyone else. Never rethrown: in the desktop app this process is Electron's.
 */
export function closeOnFailure(connection: ClientConnection, log: Logger, error: unknown): void {
  log.error({ err: error, connection: connection.id, userId: connection.user.id }, 'frame handler failed: socket closed')
  connection.close(CLOSE.internalError, 'Internal server error')
}

/** The seed's "Unknown message type: {type}" without walking a value it did not expect. */
function describeType(type: unknown): string {
  if (typeof type === 'string') return type.slice(0, 100)
  if (type === undefined || type === null) return 'None'
  if (Array.isArray(type)) return 'list'
  if (typeof type === 'object') return 'dict'
  return String(type).slice(0, 100)
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}
