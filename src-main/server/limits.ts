// The limits the server enforces, in one place: their defaults, and the part clients are
// told about (connection_established.limits and /api/parley/info/). Every limit has a
// default that suits a LAN of a few dozen people and a CLI flag (cli/serve-command.ts).
import type { ServerLimits } from '../../src-shared/protocol/types'
import { FEATURES } from '../../src-shared/protocol/types'

export interface ServerLimitsConfig {
  /** Largest WebSocket frame accepted; bigger frames close the socket with 1009. */
  maxFrameBytes: number
  /** Largest file accepted, by any upload path ("File too large (max …)"). */
  maxFileBytes: number
  /** Chunk size advertised to clients of the chunked upload extension. */
  chunkBytes: number
  /** Longest chat message text, in characters. */
  maxMessageChars: number
  /** Token bucket per connection: sustained frames per second … */
  messagesPerSecond: number
  /** … and the burst allowed on top. */
  messageBurst: number
  /** Chat + list sockets one user may hold at once; the next is closed with 4429. */
  socketsPerUser: number
  /** A socket whose unsent backlog exceeds this is a slow reader: closed with 1013. */
  slowReaderBytes: number
  /** Lifetime of a signed media URL, in seconds. */
  mediaUrlTtlSeconds: number
  /** Largest REST request body. */
  maxJsonBodyBytes: number
  /**
   * Bytes of WebSocket frames received but not yet handled, across all sockets; past it the
   * socket whose large frame went over is closed with 1013 (realtime/frame-budget.ts).
   */
  framesInFlightBytes: number
}

export const DEFAULT_LIMITS: ServerLimitsConfig = {
  maxFrameBytes: 100 * 1024 * 1024,
  maxFileBytes: 2 * 1024 * 1024 * 1024,
  chunkBytes: 4 * 1024 * 1024,
  maxMessageChars: 65_536,
  messagesPerSecond: 50,
  messageBurst: 200,
  socketsPerUser: 16,
  slowReaderBytes: 8 * 1024 * 1024,
  mediaUrlTtlSeconds: 24 * 60 * 60,
  maxJsonBodyBytes: 1024 * 1024,
  framesInFlightBytes: 128 * 1024 * 1024,
}

/** The one text for a message (or caption, or edit) over `maxMessageChars`. */
export function messageTooLong(limits: Pick<ServerLimitsConfig, 'maxMessageChars'>): string {
  return `Message too long (max ${limits.maxMessageChars} characters)`
}

/** What clients are told; the chunk size only where the chunked upload extension runs. */
export function serverLimits(limits: ServerLimitsConfig, features: readonly string[]): ServerLimits {
  const wire: ServerLimits = { max_file_bytes: limits.maxFileBytes, max_frame_bytes: limits.maxFrameBytes }
  if (features.includes(FEATURES.chunkedUpload)) wire.chunk_bytes = limits.chunkBytes
  return wire
}

/** Chat extension limits (docs/protocol.md "Chat extensions"): protocol rules, not tunables. */
export const CHAT_LIMITS = {
  /** Distinct emoji one person may put on one message. */
  maxReactionsPerPerson: 20,
  /** Longest `emoji` value looked at (the longest RGI emoji, a family ZWJ sequence, is 11 UTF-16 units). */
  maxEmojiChars: 32,
  /** Ids in one `mentions` list. */
  maxMentions: 50,
  /** Longest search query, in characters. */
  maxSearchChars: 200,
  /** Search results per page: default and most. */
  searchPage: 20,
  maxSearchPage: 50,
  /** Changed messages per page of …/messages/changes/: default and most. */
  changesPage: 200,
  maxChangesPage: 500,
  /** Messages of a page around one message: default (the most is the history page's). */
  aroundPage: 50,
} as const
