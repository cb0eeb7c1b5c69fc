/*
 * Chat socket frame dispatch: a handler table, so features plug in without touching the
 * socket code.
 *
 * How to register (a server extension, e.g. src-main/server/uploads/):
 *
 *   export const uploadsExtension: ServerExtension = {          // ../extensions.ts
 *     feature: 'chunked_upload',                                 // advertised in features
 *     setup(api) {
 *       api.frames.text('upload_start', async (frame, ctx) => { … })   // JSON text frames by type
 *       api.frames.binary(async (data, ctx) => { … })                   // binary frames (one handler)
 *       api.frames.onClose((connection) => { … })                        // socket gone: drop its state
 *       return { close: async () => { … } }                              // optional, at server shutdown
 *     },
 *   }
 *
 * and add it to DEFAULT_EXTENSIONS in ../server.ts. Before a text handler runs the
 * socket code has already: charged the connection's rate limit, parsed the JSON (object
 * with a string `type`, at most 32 levels deep), checked
 * `client_id` (ctx.clientId: a 1–128 character string or null). Reply with ctx.connection.send(frame) or
 * ctx.connection.sendError(text, ctx.clientId); keep per-socket state in
 * ctx.connection.state. Frames reach handlers in arrival order; a handler runs at once
 * (synchronously up to its first await) unless an earlier frame called ctx.holdUntil().
 * A handler that throws or rejects is logged and its socket closed with 1011
 * "Internal server error" (the process and every other socket carry on), so answer
 * expected failures yourself. Binary frames are charged to the rate limit too, but never
 * dropped: over the rate the socket is paused instead. Store finished files with
 * api.chat.storeFileMessage(…, ctx.connection) (../chat/chat-service.ts).
 * In seed-only mode extensions are not set up at all, so their frame types answer
 * "Unknown message type: …" like any unknown frame.
 */
import type { User } from '../../../src-shared/protocol/types'
import type { ClientConnection } from './connection'

export interface FrameContext {
  connection: ClientConnection
  user: User
  conversationId: number
  /** The frame's validated client_id (extensions on and the client sent one), else null. */
  clientId: string | null
  /**
   * Later frames of this socket wait until `promise` settles before they are dispatched
   * (call it before the handler's first await). For work that must keep the sender's
   * order, such as a file being written before its message is stored.
   */
  holdUntil(promise: Promise<unknown>): void
}

export type JsonFrame = Record<string, unknown> & { type: string }
export type TextFrameHandler = (frame: JsonFrame, ctx: FrameContext) => void | Promise<void>
export type BinaryFrameHandler = (data: Buffer, ctx: FrameContext) => void | Promise<void>
export type CloseHandler = (connection: ClientConnection) => void

export class FrameRegistry {
  private readonly textHandlers = new Map<string, TextFrameHandler>()
  private binaryHandler: BinaryFrameHandler | null = null
  private readonly closeHandlers: CloseHandler[] = []

  text(type: string, handler: TextFrameHandler): void {
    if (this.textHandlers.has(type)) throw new Error(`A handler for "${type}" frames is already registered`)
    this.textHandlers.set(type, handler)
  }

  binary(handler: BinaryFrameHandler): void {
    if (this.binaryHandler) throw new Error('A binary frame handler is already registered')
    this.binaryHandler = handler
  }

  onClose(handler: CloseHandler): void {
    this.closeHandlers.push(handler)
  }

  textHandler(type: string): TextFrameHandler | undefined {
    return this.textHandlers.get(type)
  }

  getBinaryHandler(): BinaryFrameHandler | null {
    return this.binaryHandler
  }

  closed(connection: ClientConnection): void {
    for (const handler of this.closeHandlers) handler(connection)
  }
}
