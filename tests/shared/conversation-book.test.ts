// The conversation list's preview follows an edit or deletion of the last message (what the
// engine does itself when there is no list socket to say so), and only of the last one.
import { describe, expect, it } from 'vitest'
import { ConversationBook, previewOf } from '../../src-shared/client/conversation-book'
import { Outbox } from '../../src-shared/client/outbox'
import type { StoredOutboxEntry } from '../../src-shared/client/deps'
import type { Conversation, Message } from '../../src-shared/protocol/types'

const user = { id: 1, email: 'ada@example.com', full_name: 'Ada', user_type: '' }
const conversation: Conversation = {
  id: 3, participants: [user], other_user: null, title: 'Ada', last_message_at: null, last_message_preview: '',
  last_message_sender_id: null, unread_count: 0, created_at: '2026-01-01T00:00:00Z',
}
const message = (id: number, content: string, extra: Partial<Message> = {}): Message => ({
  id, conversation: 3, sender: user, content, message_type: 'text', is_read: false, created_at: `2026-01-01T00:00:0${id}Z`, file_attachment: null, ...extra,
})

describe('conversation preview follows changes', () => {
  it('follows an edit and a deletion of the last message, not of an older one', () => {
    const book = new ConversationBook()
    book.put(conversation)
    book.applyMessage(message(1, 'older'), false)
    book.applyMessage(message(2, 'latest'), false)
    expect(book.applyUpdate(message(1, 'older, edited'))).toBeNull()
    expect(book.applyUpdate(message(2, 'latest, edited'))?.last_message_preview).toBe('latest, edited')
    expect(book.applyUpdate(message(2, '', { deleted: true }))?.last_message_preview).toBe('Message deleted')
    expect(book.applyUpdate(message(2, '', { deleted: true }))).toBeNull() // nothing changed
  })

  it('knows the last message of a listed conversation by its time', () => {
    const book = new ConversationBook()
    book.put({ ...conversation, last_message_at: '2026-01-01T00:00:04Z', last_message_preview: 'from the list' })
    expect(book.applyUpdate(message(4, 'edited'))?.last_message_preview).toBe('edited')
    expect(previewOf(message(5, 'gone', { deleted: true }))).toBe('Message deleted')
  })
})

describe('outbox entries persisted before actions existed', () => {
  it('load with the new fields defaulted', async () => {
    const old = {
      item: { clientId: 'c1', conversationId: 3, kind: 'text', text: 'hi', file: null, state: 'sending', error: null, messageId: null, createdAt: '' },
      seq: 1, fileRef: null, afterMessageId: null, server: 'http://h', userId: 1,
    } as unknown as StoredOutboxEntry
    const outbox = new Outbox({ load: () => [old], put: () => {}, remove: () => {} }, () => {}, () => {})
    const [entry] = await outbox.load('http://h', 1)
    expect(entry?.item).toMatchObject({ state: 'queued', replyTo: null, mentions: [], targetId: null, reaction: null })
  })
})
