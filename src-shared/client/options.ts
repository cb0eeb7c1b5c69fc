import { DEFAULT_CHUNKED_THRESHOLD_BYTES } from '../protocol/upload'

// Engine timings and limits. Defaults are chosen for a LAN chat; tests shrink them.
export interface EngineOptions {
  /** Reconnect backoff: full jitter between 0 and min(cap, base * 2^attempt). */
  backoffBaseMs: number
  backoffCapMs: number
  /** After this many failed attempts a socket is 'offline' until networkUp/retryNow/send. */
  maxAttempts: number
  /** No frame for this long → send a liveness probe. */
  idleProbeMs: number
  /** No frame this long after a probe → the socket is half-dead: reopen it. */
  probeTimeoutMs: number
  /** A sent frame not acknowledged (broadcast echo) this long → reopen the socket. */
  ackTimeoutMs: number
  /** Re-send is_typing:true at most this often while the user keeps typing. */
  typingRefreshMs: number
  /** No keystroke for this long → is_typing:false. */
  typingIdleMs: number
  /** A remote typing indicator with no refresh expires after this long. */
  remoteTypingTtlMs: number
  /** Conversation list REST refresh when there is no conversations socket. */
  listRefreshMs: number
  /** Without a conversations socket, hold chat sockets for this many most recent conversations. */
  watchRecent: number
  /** History page size used for gap filling. */
  gapPageSize: number
  /** Files at least this big use chunked upload when the server offers it. */
  chunkThresholdBytes: number
}

export const defaultOptions: EngineOptions = {
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  maxAttempts: 12,
  idleProbeMs: 25_000,
  probeTimeoutMs: 10_000,
  ackTimeoutMs: 20_000,
  typingRefreshMs: 3_000,
  typingIdleMs: 5_000,
  remoteTypingTtlMs: 8_000,
  listRefreshMs: 30_000,
  watchRecent: 8,
  gapPageSize: 100,
  chunkThresholdBytes: DEFAULT_CHUNKED_THRESHOLD_BYTES,
}
