// One WebSocket kept alive: connecting → open → reconnecting (backoff with full jitter)
// → offline after too many attempts or when the host says the network is down.
//
// Liveness: the seed protocol has no ping frame, and browsers cannot send WebSocket
// pings. When no frame has arrived for `idleProbeMs`, we send {"type":"ping"}. A Parley
// server may answer "pong"; every seed server must answer an unknown type with an error
// frame to the sender only ("Unknown message type: ping"), so the probe costs one frame
// each way and never reaches other participants (unlike typing:false, which is broadcast,
// or mark_read, which changes state). No answer within `probeTimeoutMs` means the socket
// is half-dead: it is closed and reopened. A server that silently drops unknown types
// would make every probe fail; after two probe failures followed by an immediately
// successful reopen we stop probing that socket and rely on send acknowledgement timeouts
// (and the host's transport-level ping, where it has one).
import type { Clock, Logger, SocketFactory, SocketLike, TimerHandle } from './deps'
import type { ConnectionState, ConnectionStatus } from './types'
import { CLOSE } from '../protocol/types'
import { backoffDelay } from './backoff'
import type { EngineOptions } from './options'
import { parseFrame, type EstablishedInfo, type ServerEvent } from './parse-frame'

export const PROBE_FRAME = JSON.stringify({ type: 'ping' })
const PROBE_ERROR = /unknown message type:?\s*"?ping/i
/** Close code we use locally for a socket we gave up on (liveness or ack timeout). */
const LOCAL_RESET = 4000
/** Without connection_established (some deployed servers), the socket counts as ready after this. */
const READY_GRACE_MS = 1_500

export interface ConnectionHooks {
  /** The socket URL with a current token; may refresh the token first. Rejecting counts as a failed attempt. */
  url(): Promise<string>
  onReady(info: EstablishedInfo | null): void
  onEvent(event: ServerEvent): void
  onDown(): void
  /** Close 4001: refresh the token. Resolves true to reconnect, false when the session is over. */
  onUnauthorized(): Promise<boolean>
  onNotFound(): void
  onStatus(status: ConnectionStatus): void
}

export interface ConnectionDeps {
  WebSocket: SocketFactory
  clock: Clock
  options: EngineOptions
  log: Logger
  random?: () => number
}

export class Connection {
  private socket: SocketLike | null = null
  private state: ConnectionState | 'stopped' = 'offline'
  private attempt = 0
  private nextRetryAt: number | null = null
  private reason: string | null = null
  private retryTimer: TimerHandle | null = null
  private idleTimer: TimerHandle | null = null
  private probeTimer: TimerHandle | null = null
  private readyTimer: TimerHandle | null = null
  private ready = false
  private authRetried = false
  private probeStrikes = 0
  private probeFailedLast = false
  private probesDisabled = false
  private generation = 0

  constructor(
    readonly scope: 'list' | number,
    private readonly deps: ConnectionDeps,
    private readonly hooks: ConnectionHooks,
  ) {}

  get isReady(): boolean {
    return this.ready
  }

  get status(): ConnectionStatus {
    const state = this.state === 'stopped' ? 'offline' : this.state
    return { scope: this.scope, state, attempt: this.attempt, nextRetryAt: this.nextRetryAt, reason: this.reason }
  }

  /** Starts connecting unless already connected or connecting. */
  start(): void {
    if (this.state === 'open' || this.state === 'connecting') return
    this.connectNow()
  }

  /** Reconnect now if not open (network back, resumed from sleep, "Retry now", a send). */
  retryNow(): void {
    if (this.state === 'stopped' || this.state === 'open' || this.state === 'connecting') return
    this.attempt = 0
    this.connectNow()
  }

  /** After sleep the socket may be dead without knowing it: probe at once. */
  checkAlive(): void {
    if (this.state === 'open' && this.ready) this.sendProbe()
    else this.retryNow()
  }

  /** The network is gone: drop the socket and wait for networkUp/retryNow. */
  goOffline(reason: string): void {
    if (this.state === 'stopped') return
    this.teardown()
    this.setState('offline', reason)
  }

  /** Drop a socket we no longer trust (ack timeout) and reconnect. */
  reset(reason: string): void {
    if (!this.socket) return
    this.deps.log('info', 'socket.reset', { scope: this.scope, reason })
    this.handleClose(LOCAL_RESET, reason)
  }

  stop(): void {
    this.teardown()
    this.state = 'stopped'
  }

  /** Sends a frame when the socket is ready; false otherwise (the caller keeps it queued). */
  send(frame: object): boolean {
    if (!this.socket || !this.ready || this.socket.readyState !== 1) return false
    try {
      this.socket.send(JSON.stringify(frame))
      return true
    } catch {
      return false
    }
  }

  /** A binary frame (chunked upload); false when the socket is not ready. */
  sendBinary(bytes: Uint8Array): boolean {
    if (!this.socket || !this.ready || this.socket.readyState !== 1) return false
    try {
      this.socket.send(bytes)
      return true
    } catch {
      return false
    }
  }

  /** Bytes the socket has not yet handed to the network (for upload progress). */
  get bufferedAmount(): number {
    return this.socket?.bufferedAmount ?? 0
  }

  private connectNow(): void {
    this.clearRetry()
    this.teardownSocket()
    const generation = ++this.generation
    this.setState('connecting', null)
    this.hooks
      .url()
      .then((url) => {
        if (generation !== this.generation || this.state === 'stopped') return
        this.open(url, generation)
      })
      .catch((error: unknown) => {
        if (generation !== this.generation || this.state === 'stopped') return
        this.scheduleRetry(error instanceof Error ? error.message : 'Could not connect')
      })
  }

  private open(url: string, generation: number): void {
    let socket: SocketLike
    try {
      socket = new this.deps.WebSocket(url)
    } catch {
      this.scheduleRetry('Could not open a connection')
      return
    }
    this.socket = socket
    socket.onopen = () => {
      if (generation !== this.generation) return
      this.readyTimer = this.deps.clock.setTimeout(() => this.markReady(null), READY_GRACE_MS)
    }
    socket.onmessage = (event) => {
      if (generation === this.generation) this.handleData(event.data)
    }
    socket.onclose = (event) => {
      if (generation === this.generation) this.handleClose(event.code, event.reason)
    }
    // An error is always followed by close; the close carries the code we act on.
    socket.onerror = () => {}
  }

  private handleData(data: unknown): void {
    this.armIdle()
    const parsed = parseFrame(data, this.scope === 'list' ? null : this.scope)
    if (!parsed.ok) {
      this.deps.log('warn', 'frame.dropped', { scope: this.scope, reason: parsed.reason })
      return
    }
    const event = parsed.event
    if (event.kind === 'established') {
      this.markReady(event.info)
      return
    }
    if (!this.ready) this.markReady(null)
    if (event.kind === 'pong') return
    if (event.kind === 'error' && event.clientId === null && PROBE_ERROR.test(event.message)) return
    if (event.kind === 'ignored') {
      this.deps.log('debug', 'frame.ignored', { scope: this.scope, type: event.type })
      return
    }
    this.hooks.onEvent(event)
  }

  private markReady(info: EstablishedInfo | null): void {
    this.clearTimer('readyTimer')
    if (this.ready) return
    this.ready = true
    this.attempt = 0
    this.authRetried = false
    if (this.probeFailedLast) {
      // The probe failed, yet the server took us straight back: it likely ignores unknown types.
      this.probeStrikes += 1
      this.probeFailedLast = false
      if (this.probeStrikes >= 2) this.probesDisabled = true
    }
    this.setState('open', null)
    this.armIdle()
    this.hooks.onReady(info)
  }

  private handleClose(code: number, reason: string): void {
    const wasReady = this.ready
    this.teardownSocket()
    if (this.state === 'stopped') return
    if (wasReady) this.hooks.onDown()
    if (code === CLOSE.notFound || code === CLOSE.notFoundLegacy) {
      this.state = 'stopped'
      this.reason = 'This conversation is not available: it was removed or you are no longer in it.'
      this.nextRetryAt = null
      this.hooks.onStatus(this.status)
      this.hooks.onNotFound()
      return
    }
    if (code === CLOSE.unauthorized) {
      if (this.authRetried) {
        this.stopWith('Signed out: the server refused the session.')
        void this.hooks.onUnauthorized().catch(() => false)
        return
      }
      this.authRetried = true
      const generation = ++this.generation
      this.setState('connecting', 'Refreshing sign-in')
      this.hooks
        .onUnauthorized()
        .then((again) => {
          if (generation !== this.generation || this.state === 'stopped') return
          if (again) this.connectNow()
          else this.stopWith('Signed out: the session has expired.')
        })
        .catch(() => {
          // Refresh failed for a network reason: an ordinary failed attempt.
          if (generation !== this.generation || this.state === 'stopped') return
          this.authRetried = false
          this.scheduleRetry('Server unreachable')
        })
      return
    }
    this.scheduleRetry(describeClose(code, reason))
  }

  private stopWith(reason: string): void {
    this.state = 'stopped'
    this.reason = reason
    this.nextRetryAt = null
    this.hooks.onStatus(this.status)
  }

  private scheduleRetry(reason: string): void {
    this.teardownSocket()
    this.attempt += 1
    if (this.attempt > this.deps.options.maxAttempts) {
      this.setState('offline', reason)
      return
    }
    const delay = backoffDelay(
      { baseMs: this.deps.options.backoffBaseMs, capMs: this.deps.options.backoffCapMs },
      this.attempt,
      this.deps.random,
    )
    this.nextRetryAt = this.deps.clock.now() + delay
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = null
      this.connectNow()
    }, delay)
    this.setState('reconnecting', reason, true)
  }

  private armIdle(): void {
    this.clearTimer('probeTimer')
    this.clearTimer('idleTimer')
    if (this.probesDisabled) return
    this.idleTimer = this.deps.clock.setTimeout(() => this.sendProbe(), this.deps.options.idleProbeMs)
  }

  private sendProbe(): void {
    this.clearTimer('idleTimer')
    if (!this.socket || this.probeTimer !== null) return
    try {
      this.socket.send(PROBE_FRAME)
    } catch {
      this.reset('send failed')
      return
    }
    this.armProbeTimeout(this.bufferedAmount)
  }

  // A large frame still draining (a seed file) delays the answer; progress is proof of life.
  private armProbeTimeout(bufferedAtStart: number): void {
    this.probeTimer = this.deps.clock.setTimeout(() => {
      this.probeTimer = null
      const buffered = this.bufferedAmount
      if (buffered > 0 && buffered < bufferedAtStart) {
        this.armProbeTimeout(buffered)
        return
      }
      this.probeFailedLast = true
      this.reset('no answer to liveness probe')
    }, this.deps.options.probeTimeoutMs)
  }

  private setState(state: ConnectionState, reason: string | null, keepRetryAt = false): void {
    this.state = state
    this.reason = reason
    if (!keepRetryAt) this.nextRetryAt = null
    this.hooks.onStatus(this.status)
  }

  private teardown(): void {
    this.generation += 1
    this.clearRetry()
    this.teardownSocket()
  }

  private teardownSocket(): void {
    this.ready = false
    this.clearTimer('idleTimer')
    this.clearTimer('probeTimer')
    this.clearTimer('readyTimer')
    const socket = this.socket
    this.socket = null
    if (!socket) return
    socket.onopen = null
    socket.onmessage = null
    socket.onclose = null
    socket.onerror = () => {}
    try {
      socket.close(1000)
    } catch {
      // Already closed or never opened: nothing to release.
    }
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.deps.clock.clearTimeout(this.retryTimer)
    this.retryTimer = null
  }

  private clearTimer(name: 'idleTimer' | 'probeTimer' | 'readyTimer'): void {
    const handle = this[name]
    if (handle !== null) this.deps.clock.clearTimeout(handle)
    this[name] = null
  }
}

function describeClose(code: number, reason: string): string {
  if (code === CLOSE.tooManySockets) return 'Too many open connections to the server'
  if (code === CLOSE.tryAgainLater || code === CLOSE.goingAway) return 'The server is restarting'
  if (code === LOCAL_RESET) return reason || 'Connection stopped responding'
  return 'Connection lost'
}
