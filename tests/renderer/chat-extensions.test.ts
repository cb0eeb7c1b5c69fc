// The renderer's pure pieces of the chat extensions: mention completion and highlighting,
// search snippets, who reacted, and the history window opened around a message.
import { describe, expect, it } from 'vitest'
import type { User } from '../../src-shared/protocol/types'
import { insertMention, matchParticipants, mentionQuery, mentionedIds, splitMentions } from '../../src-renderer/messages/mentions'
import { reactorNames } from '../../src-renderer/messages/Reactions'
import { highlightSegments } from '../../src-renderer/search/highlight'
import {
  appendAfter, atLatest, receiveLive, receiveUpdate, windowAround,
} from '../../src-renderer/store/historyWindow'
import { ADA, BOB, ids, message, range } from './support/messages'

const CY: User = { id: 3, email: 'cy@example.com', user_type: 'user', full_name: 'Cy Young' }
const ADAM: User = { id: 4, email: 'adam@example.com', user_type: 'user', full_name: 'Ada' }

describe('mentions in the composer', () => {
  it('finds the "@…" being typed before the caret, not an email address or a finished line', () => {
    expect(mentionQuery('hi @Bo', 6)).toEqual({ start: 3, query: 'Bo' })
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionQuery('hi @Bob Bab', 11)).toEqual({ start: 3, query: 'Bob Bab' })
    expect(mentionQuery('mail ada@example.com', 20)).toBeNull()
    expect(mentionQuery('@Bob\nnext', 9)).toBeNull()
    expect(mentionQuery('@ Bob', 5)).toBeNull()
    expect(mentionQuery('no at sign', 10)).toBeNull()
    expect(mentionQuery(`@${'x'.repeat(41)}`, 42)).toBeNull()
  })

  it('matches any word of a name, or the email, from its start, ignoring case', () => {
    expect(matchParticipants([ADA, BOB, CY], 'bab')).toEqual([BOB])
    expect(matchParticipants([ADA, BOB, CY], 'cy@')).toEqual([CY])
    expect(matchParticipants([ADA, BOB, CY], '')).toEqual([ADA, BOB, CY])
    expect(matchParticipants([ADA, BOB, CY], 'ove')).toEqual([])
  })

  it('inserts "@Full Name " over the query and puts the caret after it', () => {
    expect(insertMention('hi @bo, see', 3, 6, BOB)).toEqual({ text: 'hi @Bob Babbage , see', caret: 16 })
  })

  it('sends the ids of the names still in the text', () => {
    expect(mentionedIds('@Bob Babbage and @Cy Young', [ADA, BOB, CY])).toEqual([BOB.id, CY.id])
    expect(mentionedIds('@Bob Bab', [BOB])).toEqual([])
  })

  it('marks mentioned names in a message, the longest name first, the reader strongest', () => {
    expect(splitMentions('@Ada Lovelace and @Ada: hi', [ADAM, ADA], ADA.id)).toEqual([
      { kind: 'mention', text: '@Ada Lovelace', me: true },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@Ada', me: false },
      { kind: 'text', text: ': hi' },
    ])
    // Only the people the message's `mentions` list names are marked.
    expect(splitMentions('@Bob Babbage', [], ADA.id)).toEqual([{ kind: 'text', text: '@Bob Babbage' }])
  })
})

describe('search snippets', () => {
  it('splits the snippet at the highlight ranges', () => {
    expect(highlightSegments('the café is open', [[4, 8]])).toEqual([
      { text: 'the ', marked: false }, { text: 'café', marked: true }, { text: ' is open', marked: false },
    ])
  })

  it('clips, sorts and merges bad ranges from a hostile server without losing text', () => {
    const snippet = 'abcdefghij'
    const segments = highlightSegments(snippet, [[8, 99], [-5, 2], [1, 3], [5, 5], [7, 4], [1.5, 3] as [number, number]])
    expect(segments.map((s) => s.text).join('')).toBe(snippet)
    expect(segments.filter((s) => s.marked).map((s) => s.text)).toEqual(['ab', 'c', 'ij'])
  })

  it('keeps markup in a snippet as text', () => {
    expect(highlightSegments('<img src=x onerror=alert(1)>', [[1, 4]])).toEqual([
      { text: '<', marked: false }, { text: 'img', marked: true }, { text: ' src=x onerror=alert(1)>', marked: false },
    ])
  })
})

describe('who reacted', () => {
  it('names the people, "you" last, and someone no longer in the conversation', () => {
    expect(reactorNames([ADA.id], [ADA, BOB], BOB.id)).toBe('Ada Lovelace')
    expect(reactorNames([BOB.id, ADA.id], [ADA, BOB], BOB.id)).toBe('Ada Lovelace and you')
    expect(reactorNames([CY.id, BOB.id, ADA.id], [ADA, BOB, CY], BOB.id)).toBe('Cy Young, Ada Lovelace and you')
    expect(reactorNames([99], [ADA], ADA.id)).toBe('someone who left')
  })
})

describe('history window around a message', () => {
  it('is not at the latest while newer messages exist, so live messages wait for the way down', () => {
    const window = windowAround(range(40, 60), true, true, true)
    expect(atLatest(window)).toBe(false)
    expect(receiveLive(window, message(500))).toBe(window)
  })

  it('pages on with the newer half of the page around its newest message', () => {
    const window = windowAround(range(40, 60), true, true, true)
    const next = appendAfter(window, range(35, 85), true, true)
    expect(ids(next.messages)).toEqual(ids(range(40, 85)))
    const last = appendAfter(next, range(60, 90), false, true)
    expect(ids(last.messages)).toEqual(ids(range(40, 90)))
    expect(atLatest(last)).toBe(true)
  })

  it('takes an update of a held message unless it is older than what is held', () => {
    const window = windowAround([message(1), message(2, { revision: 5, content: 'five' })], false, false, true)
    const edited = receiveUpdate(window, message(2, { revision: 7, content: 'seven', edited_at: '2025-01-01T13:00:00Z' }))
    expect(edited.messages[1]).toMatchObject({ content: 'seven', revision: 7 })
    expect(receiveUpdate(edited, message(2, { revision: 6, content: 'six' }))).toBe(edited)
    expect(receiveUpdate(edited, message(3, { revision: 9 }))).toBe(edited)
  })
})
