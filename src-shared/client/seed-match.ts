// Matching our own broadcast Messages to outbox items when the server does not echo
// client_id (seed-only servers). Only one item per conversation is ever in flight, so the
// next own Message with the same content is its echo; after a reconnect, an own Message
// with that content newer than the newest id known when the item was sent means it was
// stored before the socket dropped. Limits (docs/protocol.md, "Client behaviour"): the
// same account sending identical content from another device in that window can be
// taken for ours, and we then show our item as sent.
import type { Message } from '../protocol/types'
import type { OutboxEntry } from './outbox'

export function sameContent(message: Message, entry: OutboxEntry): boolean {
  const { item } = entry
  if (item.kind === 'text') return message.message_type === 'text' && message.content.trim() === item.text.trim()
  if (message.message_type !== 'file' || !item.file) return false
  return message.content.trim() === item.text.trim() && message.file_attachment?.file_size === item.file.size
}

/** The in-flight or possibly-delivered entry this own Message acknowledges, if any. */
export function findSeedEcho(message: Message, inFlight: OutboxEntry | null, candidates: OutboxEntry[]): OutboxEntry | null {
  if (inFlight && sameContent(message, inFlight)) return inFlight
  for (const entry of candidates) {
    if (!entry.maybeDelivered) continue
    if (entry.afterMessageId !== null && message.id <= entry.afterMessageId) continue
    if (sameContent(message, entry)) return entry
  }
  return null
}
