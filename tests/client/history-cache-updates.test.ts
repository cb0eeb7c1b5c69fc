// Main's sealed history cache following changes and answering offline search: real SQLite
// (the local database with its migrations), real sealing.
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHistoryCache, type HistoryCache } from '../../src-main/client/db/history-cache'
import { openLocalDatabase, type LocalDatabase } from '../../src-main/client/db/open-database'
import { createSealer } from '../../src-main/client/db/sealed'
import type { Message } from '../../src-shared/protocol/types'

let db: LocalDatabase
let cache: HistoryCache
const account = 'acct'
const sender = { id: 1, email: 'ada@example.com', full_name: 'Ada', user_type: '' }

function message(id: number, content: string, extra: Partial<Message> = {}, conversation = 1): Message {
  return { id, conversation, sender, content, message_type: 'text', is_read: false, created_at: `2026-01-01T00:00:${String(id).padStart(2, '0')}Z`, file_attachment: null, revision: 0, ...extra }
}

beforeEach(() => {
  db = openLocalDatabase({ file: ':memory:' })
  cache = createHistoryCache(db, createSealer(randomBytes(32)))
})

afterEach(() => db.close())

describe('the cache follows message updates', () => {
  it('replaces a held message with its newer revision', () => {
    cache.saveMessages(account, [message(1, 'first'), message(2, 'second')])
    expect(cache.updateMessage(account, message(2, 'second, edited', { edited_at: '2026-01-01T01:00:00Z', revision: 5 }))).toBe(true)
    expect(cache.message(account, 1, 2)).toMatchObject({ content: 'second, edited', revision: 5 })
  })

  it('never inserts a message it did not hold (an old one edited elsewhere)', () => {
    cache.saveMessages(account, [message(10, 'recent')])
    expect(cache.updateMessage(account, message(3, 'ancient, edited', { revision: 7 }))).toBe(false)
    expect(cache.messages(account, 1).map((m) => m.id)).toEqual([10])
  })

  it('keeps a newer revision when an older change arrives late', () => {
    cache.saveMessages(account, [message(1, 'x')])
    cache.updateMessage(account, message(1, '', { deleted: true, revision: 9 }))
    expect(cache.updateMessage(account, message(1, 'edit before the deletion', { revision: 4 }))).toBe(false)
    expect(cache.message(account, 1, 1)).toMatchObject({ deleted: true, revision: 9 })
  })
})

describe('offline search over the cache', () => {
  beforeEach(() => {
    cache.saveMessages(account, [
      message(1, 'Lunch at the café?'),
      message(2, 'the CAFE is closed'),
      message(3, 'see the attached plan'),
      message(4, 'cafeteria then', {}, 2),
      message(5, 'café secret', { deleted: true, content: '' }),
    ])
    cache.saveMessages('other-account', [message(6, 'cafe elsewhere')])
  })

  it('matches folded words, last as prefix, newest first, this account only', () => {
    const { hits, hasMore } = cache.search(account, { text: 'cafe' }, 20)
    expect(hits.map((h) => h.message.id)).toEqual([4, 2, 1])
    expect(hasMore).toBe(false)
    expect(hits.find((h) => h.message.id === 1)).toMatchObject({ conversationId: 1, snippet: 'Lunch at the café?', highlights: [[13, 17]] })
  })

  it('narrows to one conversation and pages with before and limit', () => {
    expect(cache.search(account, { text: 'caf', conversationId: 1 }, 20).hits.map((h) => h.message.id)).toEqual([2, 1])
    const first = cache.search(account, { text: 'caf' }, 2)
    expect(first).toMatchObject({ hasMore: true })
    expect(first.hits.map((h) => h.message.id)).toEqual([4, 2])
    expect(cache.search(account, { text: 'caf', before: 2 }, 2).hits.map((h) => h.message.id)).toEqual([1])
  })

  it('needs every word and finds nothing for punctuation only', () => {
    expect(cache.search(account, { text: 'the plan' }, 20).hits.map((h) => h.message.id)).toEqual([3])
    expect(cache.search(account, { text: 'the lunch closed' }, 20).hits).toEqual([])
    expect(cache.search(account, { text: '?!' }, 20).hits).toEqual([])
  })
})
