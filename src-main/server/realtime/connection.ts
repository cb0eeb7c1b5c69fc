// One accepted WebSocket (a chat socket or a conversation-list socket) and the only way
// the server writes to it. Slow readers: when a socket's unsent backlog passes the bound,
// the server stops writing to it and closes it with 1013; the client reconnects and
// fills the gap from REST history, so nobody else waits for it and memory stays bounded.
import type { WebSocket } from 'ws'
import type { ErrorFrame, User } from '../../../src-shared/protocol/types'
import { CLOSE } from '../../../src-shared/protocol/types'
import type { Logger } from '../logger'

export type ConnectionKind = 'chat' | 'conversations'

let nextConnectionId = 1

export interface ConnectionSettings {
  slowReaderBytes: number
  /** Parley extensions on (client_id echo on errors). */
  extensions: boolean
  log: Logger
}

export class ClientConnection {
  readonly id = nextConnectionId++
  /** Free per-connection storage for frame handlers (e.g. upload state), keyed by their name. */
  readonly state = new Map<string, unknown>()
  private closing = false

  constructor(
    readonly ws: WebSocket,
    readonly user: User,
    readonly kind: ConnectionKind,
    /** The chat socket's conversation; null for the list socket. */
    readonly conversationId: number | null,
    /** "http://host:port" as this client reached us: file URLs are built on it. */
    readonly baseUrl: string,
    private readonly settings: ConnectionSettings,
  ) {}

  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === this.ws.OPEN
  }

  /** Sends a frame (object or already-serialized JSON). False when it was not sent. */
  send(frame: object | string): boolean {
    if (!this.isOpen) return false
    if (this.ws.bufferedAmount > this.settings.slowReaderBytes) {
      this.settings.log.warn({ connection: this.id, userId: this.user.id, buffered: this.ws.bufferedAmount }, 'slow reader closed')
      this.close(CLOSE.tryAgainLater, 'Slow reader: reconnect and reload history')
      return false
    }
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
    return true
  }

  /** An error frame to this socket only; `clientId` is echoed when the client used one. */
  sendError(message: string, clientId?: string | null): void {
    const frame: ErrorFrame = { type: 'error', message }
    if (this.settings.extensions && typeof clientId === 'string') frame.client_id = clientId
    this.send(frame)
  }

  close(code: number, reason: string): void {
    if (this.closing) return
    this.closing = true
    this.ws.close(code, reason)
  }
}
