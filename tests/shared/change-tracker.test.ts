// Which changes are news, and how the changes endpoint is paged after a reconnect.
import { describe, expect, it } from 'vitest'
import { ChangeTracker } from '../../src-shared/client/change-tracker'
import type { Message, MessageChanges } from '../../src-shared/protocol/types'

const user = { id: 1, email: 'ada@example.com', full_name: 'Ada', user_type: '' }
const at = (id: number, revision: number): Message => ({
  id, conversation: 1, sender: user, content: `r${revision}`, message_type: 'text', is_read: false, created_at: '', file_attachment: null, revision,
})

describe('ChangeTracker', () => {
  it('announces a change once, and never one older than what was seen', () => {
    const tracker = new ChangeTracker()
    tracker.note(at(1, 4)) // loaded with history at revision 4
    expect(tracker.isNews(at(1, 4))).toBe(false)
    expect(tracker.isNews(at(1, 6))).toBe(true)
    expect(tracker.isNews(at(1, 6))).toBe(false) // the same change by another path
    expect(tracker.isNews(at(1, 5))).toBe(false) // late and older
    expect(tracker.isNews(at(2, 1))).toBe(true)
  })

  it('pages from the highest revision seen until has_more is false, then adopts the conversation’s', async () => {
    const tracker = new ChangeTracker()
    tracker.note(at(1, 3))
    const asked: number[] = []
    const pages: Record<number, MessageChanges> = {
      3: { messages: [at(1, 4), at(2, 5)], revision: 9, has_more: true }, // a server reporting its newest revision mid-run
      5: { messages: [at(3, 7)], revision: 9, has_more: false },
      9: { messages: [], revision: 9, has_more: false },
    }
    const applied: number[] = []
    const page = async (since: number) => {
      asked.push(since)
      return pages[since]!
    }
    await tracker.catchUp(page, (m) => applied.push(m.revision!))
    expect(asked).toEqual([3, 5])
    expect(applied).toEqual([4, 5, 7])
    await tracker.catchUp(page, () => {})
    expect(asked).toEqual([3, 5, 9])
  })

  it('stops when a server says has_more without progress', async () => {
    const tracker = new ChangeTracker()
    let calls = 0
    await tracker.catchUp(async () => {
      calls += 1
      return { messages: [], revision: 0, has_more: true }
    }, () => {})
    expect(calls).toBe(1)
  })
})
