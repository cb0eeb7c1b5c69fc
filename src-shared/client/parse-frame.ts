// Turns whatever a seed, deployed-variant or Parley server sends into one typed event.
// Variants handled (docs/protocol.md, "Client behaviour"):
//  - a bare Message with no `type` (the seed broadcast)
//  - {type:"new_message", latest_message|message: Message} envelopes
//  - {type:"chat_message"|"file_message", message: Message} or with Message fields inline
//  - {type:"conversation_history", messages:[...]} sent newest first → normalized oldest first
//  - {type:"message_updated", message, client_id?}: an edit, deletion or reaction (Parley)
//  - unknown `type` frames (e.g. api_info) → ignored, in `classify` and nowhere else
// A malformed frame becomes {ok:false, reason}; nothing here throws.
import type { Conversation, Message, ServerLimits } from '../protocol/types'
import { parseUploadServerFrame, type UploadServerFrame } from '../protocol/upload'
import { parseConversation, parseMessage, parseMessages } from './schemas'

export interface EstablishedInfo {
  parley: boolean
  protocol: number | null
  userId: number | null
  features: string[]
  limits: ServerLimits | null
  /** Chat sockets reading changes: the conversation's newest revision when the socket opened. */
  revision: number | null
}

export type ServerEvent =
  | { kind: 'established'; info: EstablishedInfo }
  | { kind: 'message'; message: Message }
  | { kind: 'history'; messages: Message[] }
  | { kind: 'updated'; message: Message; clientId: string | null }
  | { kind: 'typing'; userId: number; userEmail: string; isTyping: boolean }
  | { kind: 'receipt'; userId: number }
  | { kind: 'error'; message: string; clientId: string | null; code: string | null; expectedOffset: number | null }
  | { kind: 'pong' }
  | { kind: 'conversation'; conversation: Conversation; message: Message | null }
  | { kind: 'upload'; frame: UploadServerFrame }
  | { kind: 'ignored'; type: string }

export type ParsedFrame = { ok: true; event: ServerEvent } | { ok: false; reason: string }

const KNOWN_TYPES = [
  'connection_established',
  'new_message',
  'chat_message',
  'file_message',
  'message',
  'conversation_history',
  'message_updated',
  'typing',
  'read_receipt',
  'error',
  'pong',
  'conversation',
  'conversation_created',
  'conversation_updated',
  'upload_ready',
  'upload_progress',
  'upload_cancelled',
] as const
type KnownType = (typeof KNOWN_TYPES)[number]
const knownTypes: ReadonlySet<string> = new Set(KNOWN_TYPES)

type Obj = Record<string, unknown>
const fail = (reason: string): ParsedFrame => ({ ok: false, reason })
const ok = (event: ServerEvent): ParsedFrame => ({ ok: true, event })

/** Frames above this size are not parsed: no legitimate server frame is this big. */
export const MAX_FRAME_CHARS = 8 * 1024 * 1024

/** Parses one text frame. `conversationId` is the socket's conversation (null for the list socket). */
export function parseFrame(data: unknown, conversationId: number | null): ParsedFrame {
  if (typeof data !== 'string') return fail('binary frame')
  if (data.length > MAX_FRAME_CHARS) return fail('frame too large')
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return fail('not JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not an object')
  return classify(value as Obj, conversationId ?? undefined)
}

function classify(frame: Obj, conversationId: number | undefined): ParsedFrame {
  const type = frame.type
  // The seed broadcasts a stored Message as-is, without a `type` key.
  if (type === undefined) return messageEvent(frame, conversationId)
  if (typeof type !== 'string') return fail('type: not a string')
  if (!knownTypes.has(type)) return ok({ kind: 'ignored', type })
  const known = type as KnownType
  switch (known) {
    case 'connection_established':
      return ok({ kind: 'established', info: establishedInfo(frame) })
    case 'new_message':
      return messageEvent(frame.latest_message ?? frame.message ?? frame, conversationId)
    case 'chat_message':
    case 'file_message':
    case 'message':
      return messageEvent(isObj(frame.message) ? frame.message : frame, conversationId)
    case 'conversation_history': {
      const parsed = parseMessages(frame.messages, conversationId)
      if (!parsed.ok) return fail(`messages: ${parsed.reason}`)
      return ok({ kind: 'history', messages: parsed.messages.sort((a, b) => a.id - b.id) })
    }
    case 'message_updated': {
      const parsed = parseMessage(frame.message, conversationId)
      if (!parsed.ok) return fail(`message: ${parsed.reason}`)
      return ok({ kind: 'updated', message: parsed.message, clientId: typeof frame.client_id === 'string' ? frame.client_id : null })
    }
    case 'typing':
      return typingEvent(frame)
    case 'read_receipt':
      return isPositiveInt(frame.user_id) ? ok({ kind: 'receipt', userId: frame.user_id }) : fail('user_id: missing')
    case 'error':
      return ok({
        kind: 'error',
        message: typeof frame.message === 'string' ? frame.message : 'Unknown error',
        clientId: typeof frame.client_id === 'string' ? frame.client_id : null,
        code: typeof frame.code === 'string' ? frame.code : null,
        expectedOffset: typeof frame.expected_offset === 'number' ? frame.expected_offset : null,
      })
    case 'pong':
      return ok({ kind: 'pong' })
    case 'conversation':
    case 'conversation_created':
    case 'conversation_updated': {
      const conversation = parseConversation(frame.conversation)
      if (!conversation) return fail('conversation: invalid')
      // The list socket attaches the newest message; a bad one does not spoil the update.
      const message = frame.message === undefined ? null : parseMessage(frame.message, conversation.id)
      return ok({ kind: 'conversation', conversation, message: message?.ok ? message.message : null })
    }
    case 'upload_ready':
    case 'upload_progress':
    case 'upload_cancelled': {
      const upload = parseUploadServerFrame(frame)
      return upload ? ok({ kind: 'upload', frame: upload }) : fail(`${known}: invalid`)
    }
    default: {
      const unreachable: never = known
      return ok({ kind: 'ignored', type: unreachable })
    }
  }
}

function messageEvent(raw: unknown, conversationId: number | undefined): ParsedFrame {
  const parsed = parseMessage(raw, conversationId)
  return parsed.ok ? ok({ kind: 'message', message: parsed.message }) : fail(`message: ${parsed.reason}`)
}

function typingEvent(frame: Obj): ParsedFrame {
  if (!isPositiveInt(frame.user_id)) return fail('user_id: missing')
  if (typeof frame.is_typing !== 'boolean') return fail('is_typing: not a boolean')
  return ok({
    kind: 'typing',
    userId: frame.user_id,
    userEmail: typeof frame.user_email === 'string' ? frame.user_email : '',
    isTyping: frame.is_typing,
  })
}

function establishedInfo(frame: Obj): EstablishedInfo {
  const features = Array.isArray(frame.features) ? frame.features.filter((f): f is string => typeof f === 'string') : []
  const limits = isObj(frame.limits) && typeof frame.limits.max_file_bytes === 'number' && typeof frame.limits.max_frame_bytes === 'number'
    ? {
        max_file_bytes: frame.limits.max_file_bytes,
        max_frame_bytes: frame.limits.max_frame_bytes,
        ...(typeof frame.limits.chunk_bytes === 'number' ? { chunk_bytes: frame.limits.chunk_bytes } : {}),
      }
    : null
  return {
    parley: frame.server === 'parley',
    protocol: typeof frame.protocol === 'number' ? frame.protocol : null,
    userId: isPositiveInt(frame.user_id) ? frame.user_id : null,
    features,
    limits,
    revision: typeof frame.revision === 'number' && Number.isSafeInteger(frame.revision) && frame.revision >= 0 ? frame.revision : null,
  }
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0
}
