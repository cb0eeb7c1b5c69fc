// Test data for renderer logic: messages and outbox items shaped as the server and main
// send them, and an in-memory history that pages like the server's REST endpoint.
import type { OutboxItem } from '../../../src-shared/ipc/contract'
import type { Message, User } from '../../../src-shared/protocol/types'

export const ADA: User = { id: 1, email: 'ada@example.com', user_type: 'user', full_name: 'Ada Lovelace' }
export const BOB: User = { id: 2, email: 'bob@example.com', user_type: 'user', full_name: 'Bob Babbage' }

export function message(id: number, overrides: Partial<Message> = {}): Message {
  return {
    id,
    conversation: 7,
    sender: id % 2 ? ADA : BOB,
    content: `Message ${id}`,
    message_type: 'text',
    is_read: false,
    created_at: new Date(Date.UTC(2025, 0, 1, 12, 0, 0) + id * 1000).toISOString(),
    file_attachment: null,
    ...overrides,
  }
}

export function range(first: number, last: number): Message[] {
  const messages: Message[] = []
  for (let id = first; id <= last; id += 1) messages.push(message(id))
  return messages
}

export function ids(messages: readonly Message[]): number[] {
  return messages.map((m) => m.id)
}

/** Pages ids 1..total the way GET …/messages/?limit&before does: the newest `limit` below `before`. */
export function pagedHistory(total: number, limit = 50) {
  return {
    page(before?: number): { messages: Message[]; hasMore: boolean } {
      const last = Math.min(total, (before ?? total + 1) - 1)
      const first = Math.max(1, last - limit + 1)
      const messages = last >= first ? range(first, last) : []
      return { messages, hasMore: messages.length >= limit }
    },
  }
}

export function outboxItem(overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    clientId: 'c-1',
    conversationId: 7,
    kind: 'text',
    text: 'pending text',
    file: null,
    state: 'sending',
    error: null,
    messageId: null,
    createdAt: new Date().toISOString(),
    replyTo: null,
    mentions: [],
    targetId: null,
    reaction: null,
    ...overrides,
  }
}
