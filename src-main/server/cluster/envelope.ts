// What nodes of a cluster tell each other through the bus, and the one check of what
// arrives. An event carries everything a receiving node needs to serialize per recipient
// (chat/serialize.ts, per base URL and declared ext) without reading the database for its
// chat sockets: whole MessageRecords, never wire frames, since file URLs follow the Host
// each client used and the extension keys what it declared.
//
// Anything read from Redis is untrusted (another version of Parley, or anyone who can
// PUBLISH): it is size-checked, depth-checked and validated here, and a bad envelope is
// refused with a reason, never thrown into the node.
import { z } from 'zod'
import type { MessageRecord } from '../storage/storage'
import { parseJsonBytes } from '../safe-json'

/** Version of the envelope format; a node drops envelopes of another version (a rolling upgrade says so in its logs). */
export const ENVELOPE_VERSION = 1

/**
 * Largest envelope published. A batch is split into several envelopes past it: a Redis
 * subscriber whose output buffer passes 32 MB is disconnected (client-output-buffer-limit
 * pubsub), which would cost every node a gap.
 */
export const MAX_PUBLISHED_BYTES = 1024 * 1024

/** Largest envelope accepted: one record alone may pass MAX_PUBLISHED_BYTES (65,536 characters of content and of a reply's, JSON-escaped). */
export const MAX_RECEIVED_BYTES = 16 * 1024 * 1024

export type BusEvent =
  /** Freshly committed messages of one durable batch, in commit order. */
  | { kind: 'messages'; records: MessageRecord[] }
  /** An edit, deletion or reaction as committed; `clientId` is the actor's. */
  | { kind: 'message-updated'; record: MessageRecord; clientId: string | null }
  | { kind: 'typing'; conversationId: number; userId: number; userEmail: string; isTyping: boolean }
  | { kind: 'read-receipt'; conversationId: number; userId: number }
  /** A conversation's list entry changed (new conversation, preview, unread counts); `latest` is its newest message when that is the change. */
  | { kind: 'conversation'; conversationId: number; latest: MessageRecord | null }

export interface Envelope {
  v: typeof ENVELOPE_VERSION
  /** The publishing node: a node skips its own envelopes (it delivered them at once). */
  node: string
  event: BusEvent
}

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const text = (max: number) => z.string().max(max)
// Generous bounds: they keep one envelope's cost bounded, the rules were applied by the origin.
const CONTENT = 1024 * 1024
const NAME = 4096
const time = text(64)

const user = z.object({ id, email: text(NAME), user_type: text(NAME), full_name: text(NAME) })

const messageRecord: z.ZodType<MessageRecord> = z.object({
  id,
  conversationId: id,
  sender: user,
  content: text(CONTENT),
  messageType: z.enum(['text', 'file']),
  isRead: z.boolean(),
  createdAt: time,
  clientId: text(NAME).nullable(),
  attachment: z.object({
    id,
    storedPath: text(NAME),
    filename: text(NAME),
    size: z.number().int().nonnegative(),
    mimeType: text(NAME),
    uploadedAt: time,
  }).nullable(),
  editedAt: time.nullable(),
  deleted: z.boolean(),
  revision: z.number().int().nonnegative(),
  replyTo: z.object({ id, sender: user, content: text(CONTENT), filename: text(NAME).nullable(), deleted: z.boolean() }).nullable(),
  reactions: z.array(z.object({ emoji: text(64), userIds: z.array(id).max(100_000) })).max(10_000),
  mentions: z.array(id).max(10_000),
})

const event: z.ZodType<BusEvent> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('messages'), records: z.array(messageRecord).min(1).max(100_000) }),
  z.object({ kind: z.literal('message-updated'), record: messageRecord, clientId: text(NAME).nullable() }),
  z.object({ kind: z.literal('typing'), conversationId: id, userId: id, userEmail: text(NAME), isTyping: z.boolean() }),
  z.object({ kind: z.literal('read-receipt'), conversationId: id, userId: id }),
  z.object({ kind: z.literal('conversation'), conversationId: id, latest: messageRecord.nullable() }),
])

const envelope = z.object({ v: z.literal(ENVELOPE_VERSION), node: text(200), event })

export type Decoded = { ok: true; envelope: Envelope } | { ok: false; reason: string }

/** The JSON texts to publish for one event: one, or a batch of messages split in order to stay under `maxBytes`. */
export function encodeEnvelopes(node: string, event: BusEvent, maxBytes = MAX_PUBLISHED_BYTES): string[] {
  const encoded = JSON.stringify({ v: ENVELOPE_VERSION, node, event } satisfies Envelope)
  if (event.kind !== 'messages' || event.records.length < 2 || Buffer.byteLength(encoded) <= maxBytes) return [encoded]
  const half = Math.ceil(event.records.length / 2)
  return [
    ...encodeEnvelopes(node, { kind: 'messages', records: event.records.slice(0, half) }, maxBytes),
    ...encodeEnvelopes(node, { kind: 'messages', records: event.records.slice(half) }, maxBytes),
  ]
}

/** Checks bytes read from the bus. Never throws. */
export function decodeEnvelope(bytes: Buffer): Decoded {
  if (bytes.byteLength > MAX_RECEIVED_BYTES) return { ok: false, reason: `too large (${bytes.byteLength} bytes)` }
  const parsed = parseJsonBytes(bytes)
  if (parsed.kind === 'too-deep') return { ok: false, reason: 'nested too deeply' }
  if (parsed.kind === 'invalid') return { ok: false, reason: `not JSON: ${parsed.reason}` }
  if (parsed.kind === 'not-object') return { ok: false, reason: 'not an object' }
  if (parsed.value.v !== ENVELOPE_VERSION) return { ok: false, reason: `envelope version ${String(parsed.value.v).slice(0, 20)}, this node reads ${ENVELOPE_VERSION}` }
  const checked = envelope.safeParse(parsed.value)
  if (!checked.success) return { ok: false, reason: z.prettifyError(checked.error).slice(0, 500) }
  return { ok: true, envelope: checked.data as Envelope }
}
