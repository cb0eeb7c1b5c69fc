// Names in the conversation list: titles, people, sorting by activity, the filter, initials.
import { describe, expect, it } from 'vitest'
import type { Conversation, User } from '../../src-shared/protocol/types'
import {
  activityTime, conversationTitle, displayName, initials, isGroup, matchesFilter, sortByActivity,
} from '../../src-renderer/conversations/conversationTitle'
import { ADA, BOB } from './support/messages'

const CY: User = { id: 3, email: 'cy@example.com', user_type: 'user', full_name: '  ' }

function conversation(id: number, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id, participants: [ADA, BOB], other_user: null, title: '', last_message_at: null, last_message_preview: '',
    last_message_sender_id: null, unread_count: 0, created_at: '2025-01-01T00:00:00Z', ...overrides,
  }
}

describe('conversation names', () => {
  it('uses the title, else the other person, else the others, never empty', () => {
    expect(conversationTitle(conversation(1, { title: ' Launch ' }), ADA.id)).toBe('Launch')
    expect(conversationTitle(conversation(1, { other_user: BOB }), ADA.id)).toBe('Bob Babbage')
    expect(conversationTitle(conversation(1, { participants: [ADA, BOB, CY] }), ADA.id)).toBe('Bob Babbage, cy@example.com')
    expect(conversationTitle(conversation(1, { participants: [ADA] }), ADA.id)).toBe('Just you')
    expect(displayName(CY)).toBe('cy@example.com')
    expect(isGroup(conversation(1, { participants: [ADA, BOB, CY] }))).toBe(true)
    expect(isGroup(conversation(1))).toBe(false)
  })

  it('sorts by last activity (creation when silent), newest first, ties by id', () => {
    const list = [
      conversation(1, { last_message_at: '2025-03-01T10:00:00Z' }),
      conversation(2, { created_at: '2025-04-01T00:00:00Z' }),
      conversation(3, { last_message_at: '2025-03-01T10:00:00Z' }),
      conversation(4, { last_message_at: 'bad' , created_at: 'bad' }),
    ]
    expect(sortByActivity(list).map((c) => c.id)).toEqual([2, 3, 1, 4])
    expect(activityTime(list[3]!)).toBe(0)
  })

  it('filters on title, names, emails and the last message, ignoring case and spaces', () => {
    const c = conversation(1, { participants: [ADA, BOB], last_message_preview: 'The Analytical Engine' })
    expect(matchesFilter(c, ADA.id, '')).toBe(true)
    expect(matchesFilter(c, ADA.id, '  babbage ')).toBe(true)
    expect(matchesFilter(c, ADA.id, 'bob@example')).toBe(true)
    expect(matchesFilter(c, ADA.id, 'analytical')).toBe(true)
    expect(matchesFilter(c, ADA.id, 'difference')).toBe(false)
  })

  it('makes initials from names and email local parts', () => {
    expect(initials('Ada Lovelace')).toBe('AL')
    expect(initials('Grace Brewster Hopper')).toBe('GH')
    expect(initials('cher')).toBe('CH')
    expect(initials('jean-luc.picard@example.com')).toBe('JP')
    expect(initials('')).toBe('?')
  })
})
