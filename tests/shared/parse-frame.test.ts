import { describe, expect, it } from 'vitest'
import { parseFrame } from '../../src-shared/client/parse-frame'

const user = { id: 5, email: 'talker@example.com', user_type: 'talker', full_name: 'John Talker' }
const message = {
  id: 2, conversation: 1, sender: user, content: 'Hello', message_type: 'text', is_read: false,
  created_at: '2026-01-14T10:05:00Z', file_attachment: null,
}
const parse = (frame: unknown, conversation: number | null = 1) => parseFrame(typeof frame === 'string' ? frame : JSON.stringify(frame), conversation)

describe('parseFrame', () => {
  it('reads the seed bare Message (no type) as a message event', () => {
    expect(parse(message)).toEqual({ ok: true, event: { kind: 'message', message } })
  })

  it('unwraps new_message envelopes with latest_message, and chat_message wrappers', () => {
    const envelope = parse({ type: 'new_message', latest_message: message, unread_count: 3 })
    const wrapped = parse({ type: 'chat_message', message })
    expect(envelope).toEqual({ ok: true, event: { kind: 'message', message } })
    expect(wrapped).toEqual({ ok: true, event: { kind: 'message', message } })
  })

  it('keeps the client_id echo and fills a missing conversation from the socket', () => {
    const { conversation: _c, ...noConversation } = message
    const parsed = parse({ ...noConversation, client_id: 'abc' }, 7)
    expect(parsed).toEqual({ ok: true, event: { kind: 'message', message: { ...message, conversation: 7, client_id: 'abc' } } })
  })

  it('normalizes conversation_history (newest first) to oldest first and drops bad items', () => {
    const parsed = parse({ type: 'conversation_history', messages: [{ ...message, id: 9 }, { bogus: true }, { ...message, id: 3 }] })
    expect(parsed.ok && parsed.event.kind === 'history' && parsed.event.messages.map((m) => m.id)).toEqual([3, 9])
  })

  it('ignores unknown frame types such as api_info', () => {
    expect(parse({ type: 'api_info', version: 2 })).toEqual({ ok: true, event: { kind: 'ignored', type: 'api_info' } })
  })

  it('reads connection_established with and without Parley fields', () => {
    const seed = parse({ type: 'connection_established', message: 'Connected to chat' })
    expect(seed).toEqual({ ok: true, event: { kind: 'established', info: { parley: false, protocol: null, userId: null, features: [], limits: null, revision: null } } })
    const parley = parse({ type: 'connection_established', message: 'x', server: 'parley', protocol: 1, user_id: 4, features: ['client_id', 7], limits: { max_file_bytes: 10, max_frame_bytes: 20 }, revision: 12 })
    expect(parley.ok && parley.event).toEqual({ kind: 'established', info: { parley: true, protocol: 1, userId: 4, features: ['client_id'], limits: { max_file_bytes: 10, max_frame_bytes: 20 }, revision: 12 } })
    const badRevision = parse({ type: 'connection_established', message: 'x', server: 'parley', revision: -1 })
    expect(badRevision.ok && badRevision.event.kind === 'established' && badRevision.event.info.revision).toBeNull()
  })

  it('reads typing, read_receipt and error frames', () => {
    expect(parse({ type: 'typing', user_id: 5, user_email: 'a@b', is_typing: true })).toEqual({ ok: true, event: { kind: 'typing', userId: 5, userEmail: 'a@b', isTyping: true } })
    expect(parse({ type: 'read_receipt', user_id: 5 })).toEqual({ ok: true, event: { kind: 'receipt', userId: 5 } })
    expect(parse({ type: 'error', message: 'Message content is required', client_id: 'c1' })).toEqual({
      ok: true, event: { kind: 'error', message: 'Message content is required', clientId: 'c1', code: null, expectedOffset: null },
    })
  })

  it('reads the list socket conversation_updated with its newest message', () => {
    const conversation = { id: 1, participants: [user], other_user: user, title: '', last_message_at: null, last_message_preview: '', last_message_sender_id: null, unread_count: 2, created_at: '2026-01-14T10:00:00Z' }
    const parsed = parse({ type: 'conversation_updated', conversation, message }, null)
    expect(parsed).toEqual({ ok: true, event: { kind: 'conversation', conversation, message } })
  })

  it.each([
    ['not JSON', '{nope'],
    ['not an object', '[1,2]'],
    ['message: id', JSON.stringify({ ...message, id: 'x' })],
    ['message: sender', JSON.stringify({ ...message, sender: 5 })],
    ['user_id', JSON.stringify({ type: 'typing', is_typing: true })],
    ['is_typing', JSON.stringify({ type: 'typing', user_id: 5, is_typing: 'yes' })],
    ['type', JSON.stringify({ type: 42 })],
  ])('drops a malformed frame with a reason (%s) instead of throwing', (reason, data) => {
    const parsed = parseFrame(data, 1)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.reason).toContain(reason)
  })

  it('drops binary frames', () => {
    expect(parseFrame(new Uint8Array([1, 2]), 1)).toEqual({ ok: false, reason: 'binary frame' })
  })
})
