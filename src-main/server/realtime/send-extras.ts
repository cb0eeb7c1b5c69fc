// Shapes of the chat extensions' frame fields (docs/protocol.md "Chat extensions"), read
// once here for chat_message, file_message, upload_start and the action frames. What the
// values mean (is the message in this conversation, is the user a participant) is decided
// inside the commit by chat/chat-service.ts, against the state the write applies to.
import { CHAT_LIMITS } from '../limits'

export interface SendExtras {
  replyTo: number | null
  mentions: number[]
}

export type Read<T> = { ok: true; value: T } | { ok: false; error: string }

const NONE: Read<SendExtras> = { ok: true, value: { replyTo: null, mentions: [] } }

/** `reply_to` and `mentions` of a send; ignored (as a seed server would) when the extensions are off. */
export function readSendExtras(frame: Record<string, unknown>, enabled: boolean): Read<SendExtras> {
  if (!enabled) return NONE
  const replyTo = frame.reply_to ?? null
  if (replyTo !== null && !isId(replyTo)) return { ok: false, error: 'reply_to must be a message of this conversation' }
  const mentions = readMentions(frame.mentions)
  if (!mentions.ok) return mentions
  return { ok: true, value: { replyTo, mentions: mentions.value ?? [] } }
}

/** A `mentions` list: null when absent (an edit then keeps the old ones). */
export function readMentions(value: unknown): Read<number[] | null> {
  if (value === undefined || value === null) return { ok: true, value: null }
  if (!Array.isArray(value) || value.length > CHAT_LIMITS.maxMentions || !value.every(isId)) {
    return { ok: false, error: 'mentions must be a list of user ids' }
  }
  return { ok: true, value: value as number[] }
}

export function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}
