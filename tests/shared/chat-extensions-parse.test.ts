// The Message extension keys and message_updated as the engine reads them: well-formed keys
// kept, malformed ones make the Message (and so the frame) dropped with a reason.
import { describe, expect, it } from 'vitest'
import { parseFrame } from '../../src-shared/client/parse-frame'
import { declaredExtensions } from '../../src-shared/client/extensions'
import { socketUrl } from '../../src-shared/client/server-url'
import { FEATURES } from '../../src-shared/protocol/types'

const user = { id: 5, email: 'talker@example.com', user_type: 'talker', full_name: 'John Talker' }
const base = {
  id: 2, conversation: 1, sender: user, content: 'Hello', message_type: 'text', is_read: false,
  created_at: '2026-01-14T10:05:00Z', file_attachment: null,
}
const extended = {
  ...base,
  edited_at: '2026-01-14T10:06:00Z',
  deleted: false,
  reply_to: { id: 1, sender: user, snippet: 'the question', deleted: false },
  reactions: [{ emoji: '👍', user_ids: [5, 7] }],
  mentions: [7],
  revision: 12,
}
const parse = (frame: unknown) => parseFrame(JSON.stringify(frame), 1)

describe('Message extension keys', () => {
  it('keeps every well-formed extension key, and none that was not sent', () => {
    expect(parse(extended)).toEqual({ ok: true, event: { kind: 'message', message: extended } })
    const parsed = parse(base)
    expect(parsed.ok && parsed.event.kind === 'message' && Object.keys(parsed.event.message)).not.toContain('revision')
  })

  it.each([
    ['reactions', { reactions: [{ emoji: '👍', user_ids: ['x'] }] }, /reactions/],
    ['reactions', { reactions: 'lots' }, /reactions/],
    ['mentions', { mentions: [0] }, /mentions/],
    ['revision', { revision: -1 }, /revision/],
    ['deleted', { deleted: 'yes' }, /deleted/],
    ['reply_to', { reply_to: { id: 1, snippet: 'no sender', deleted: false } }, /reply_to/],
    ['edited_at', { edited_at: 5 }, /edited_at/],
  ])('drops a Message whose %s is malformed, with a reason', (_key, bad, reason) => {
    const parsed = parse({ ...base, ...bad })
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.reason).toMatch(reason)
  })

  it('strips invisible characters from a reply’s sender name like any name', () => {
    const parsed = parse({ ...extended, reply_to: { ...extended.reply_to, sender: { ...user, full_name: 'Eve\u202egnp.exe' } } })
    expect(parsed.ok && parsed.event.kind === 'message' && parsed.event.message.reply_to?.sender.full_name).toBe('Evegnp.exe')
  })
})

describe('message_updated', () => {
  it('is an updated event with the action’s client_id when given', () => {
    expect(parse({ type: 'message_updated', message: extended, client_id: 'c-1' })).toEqual({
      ok: true, event: { kind: 'updated', message: extended, clientId: 'c-1' },
    })
    expect(parse({ type: 'message_updated', message: extended })).toEqual({ ok: true, event: { kind: 'updated', message: extended, clientId: null } })
  })

  it('is dropped with a reason when its Message is missing or malformed', () => {
    expect(parse({ type: 'message_updated' })).toMatchObject({ ok: false, reason: /^message: / })
    expect(parse({ type: 'message_updated', message: { ...extended, reactions: [{}] } })).toMatchObject({ ok: false, reason: /reactions/ })
  })
})

describe('declaring extensions (ext=)', () => {
  it('lists only the Message extensions the server advertises, in the protocol’s order', () => {
    expect(declaredExtensions([FEATURES.reactions, FEATURES.search, FEATURES.edit, 'client_id'])).toBe('edit,reactions')
    expect(declaredExtensions([])).toBeUndefined()
    expect(declaredExtensions(['client_id', FEATURES.search])).toBeUndefined()
  })

  it('adds ext to a socket URL only when there is something to declare', () => {
    expect(socketUrl('http://h:8000', '/ws/chat/3/', 'tok')).toBe('ws://h:8000/ws/chat/3/?token=tok')
    expect(socketUrl('https://h', '/ws/chat/3/', 'tok', 'edit,delete')).toBe('wss://h/ws/chat/3/?token=tok&ext=edit%2Cdelete')
  })
})
