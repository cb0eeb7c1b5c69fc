// One accepted WebSocket (a chat socket or a conversation-list socket) and the only way
// the server writes to it. Slow readers: when a socket's unsent backlog passes the bound,
// the server stops writing to it and closes it with 1013; the client reconnects and
// fills the gap from REST history, so nobody else waits for it and memory stays bounded.
// The backlog that counts is what earlier turns of the event loop left unsent: a broadcast
// batch writes all its frames in one turn, and that burst says nothing about the reader
// (a batch of big messages can exceed the bound while the reader keeps up fine).
import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import type { ErrorFrame, User } from '../../../src-shared/protocol/types'
import { CLOSE } from '../../../src-shared/protocol/types'
import type { TokenSubject } from '../auth/tokens'
import type { Logger } from '../logger'
import { NO_EXT, type DeclaredExt } from '../chat/message-ext'

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
  /** Why reading from this socket is paused (upload window, rate limit, frame budget). */
  private readonly pausedFor = new Set<string>()
  /** Bytes handed to ws during the turn numbered `turn`. */
  private turnBytes = 0
  private turn = -1
  /** Frames sent before connection_established (holdUntilGreeted), serialized, in order. */
  private held: string[] | null = null
  private heldBytes = 0

  constructor(
    readonly ws: WebSocket,
    readonly user: User,
    readonly kind: ConnectionKind,
    /** The chat socket's conversation; null for the list socket. */
    readonly conversationId: number | null,
    /** "http://host:port" as this client reached us: file URLs are built on it. */
    readonly baseUrl: string,
    private readonly settings: ConnectionSettings,
    /** The sign-in session whose token opened this socket (closed when it ends: auth/session-watch.ts). */
    readonly session: TokenSubject,
    /** The Message extensions this socket declared with `ext=` (chat/message-ext.ts). */
    readonly ext: DeclaredExt = NO_EXT,
  ) {}

  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === this.ws.OPEN
  }

  /**
   * Frames sent from now on wait for greet(): the socket is in the hub (it hears every
   * broadcast) while its first frame is still being read from the storage. What waits is
   * bounded like a slow reader's backlog: a storage that stalls while chat goes on closes the
   * socket with 1013 (the client reconnects and fills the gap) instead of growing without end.
   */
  holdUntilGreeted(): void {
    this.held ??= []
  }

  /** Sends the first frame, then whatever was held behind it. */
  greet(first: object): void {
    if (!this.isOpen) return
    const held = this.held ?? []
    this.held = null
    this.heldBytes = 0
    this.send(first)
    for (const frame of held) this.send(frame)
  }

  /** Sends a frame (object or already-serialized JSON). False when it was not sent. */
  send(frame: object | string): boolean {
    if (!this.isOpen) return false
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame)
    if (this.held) return this.hold(this.held, text)
    const turn = currentTurn()
    if (turn !== this.turn) {
      this.turn = turn
      this.turnBytes = 0
    }
    if (this.ws.bufferedAmount - this.turnBytes > this.settings.slowReaderBytes) {
      this.settings.log.warn({ connection: this.id, userId: this.user.id, buffered: this.ws.bufferedAmount }, 'slow reader closed')
      this.close(CLOSE.tryAgainLater, 'Slow reader: reconnect and reload history')
      return false
    }
    this.turnBytes += Buffer.byteLength(text)
    this.ws.send(text)
    return true
  }

  private hold(held: string[], text: string): boolean {
    this.heldBytes += Buffer.byteLength(text)
    if (this.heldBytes > this.settings.slowReaderBytes) {
      this.settings.log.warn({ connection: this.id, userId: this.user.id, held: this.heldBytes }, 'socket closed while its greeting was read: too much to hold')
      this.held = []
      this.heldBytes = 0
      this.close(CLOSE.tryAgainLater, 'Slow start: reconnect and reload history')
      return false
    }
    held.push(text)
    return true
  }

  /** An error frame to this socket only; `clientId` is echoed when the client used one. */
  sendError(message: string, clientId?: string | null): void {
    const frame: ErrorFrame = { type: 'error', message }
    if (this.settings.extensions && typeof clientId === 'string') frame.client_id = clientId
    this.send(frame)
  }

  /**
   * Holds this socket's writes until uncork(), so the frames of one broadcast batch leave in
   * one writev instead of a syscall each (ws has no public API for it: the net socket is
   * its private `_socket`; without one this is a no-op).
   */
  cork(): void {
    socketOf(this.ws)?.cork()
  }

  uncork(): void {
    socketOf(this.ws)?.uncork()
  }

  /**
   * Stops reading frames from this socket until every `reason` that paused it is lifted, so
   * independent brakes (an upload's window, the rate limit) do not release each other.
   */
  pauseReading(reason: string): void {
    this.pausedFor.add(reason)
    this.ws.pause()
  }

  resumeReading(reason: string): void {
    if (this.pausedFor.delete(reason) && this.pausedFor.size === 0) this.ws.resume()
  }

  close(code: number, reason: string): void {
    if (this.closing) return
    this.closing = true
    this.ws.close(code, reason)
  }
}

let turnNumber = 0
let turnEnding = false

/** A number that changes once per turn of the event loop (at its check phase). */
function currentTurn(): number {
  if (!turnEnding) {
    turnEnding = true
    setImmediate(() => {
      turnNumber += 1
      turnEnding = false
    })
  }
  return turnNumber
}

/** The TCP socket under a ws WebSocket (its private `_socket`: ws has no public accessor). */
export function socketOf(ws: WebSocket): Socket | undefined {
  return (ws as unknown as { _socket?: Socket })._socket
}
