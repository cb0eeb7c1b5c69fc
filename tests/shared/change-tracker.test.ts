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

  it('history loaded while the server tracked no revisions is no baseline: the first tracked sync pages every change', async () => {
    // A server that ran seed-only is restarted with its extensions on: the first gap fill ran
    // without revisions, and an edit committed before the client reconnected is in the
    // greeting's revision (7).
    const blind = new ChangeTracker()
    blind.untracked()
    const asked: number[] = []
    const applied: number[] = []
    await blind.sync(7, async (since) => {
      asked.push(since)
      return { messages: [at(1, 7)], revision: 7, has_more: false }
    }, (m) => applied.push(m.id))
    expect(asked).toEqual([0])
    expect(applied).toEqual([1])
    // Once caught up, a greeting no newer than the watermark asks nothing.
    await blind.sync(7, async (since) => { asked.push(since); return { messages: [], revision: 7, has_more: false } }, () => {})
    expect(asked).toEqual([0])

    // Loaded with revisions, the first greeting is only the baseline.
    const seen = new ChangeTracker()
    await seen.sync(7, async (since) => { asked.push(since); return { messages: [], revision: 7, has_more: false } }, () => {})
    expect(asked).toEqual([0])
  })

  it('pages from the watermark until has_more is false, then adopts the conversation’s revision', async () => {
    const tracker = new ChangeTracker()
    await tracker.sync(3, async () => ({ messages: [], revision: 3, has_more: false }), () => {}) // first sync: baseline 3
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

  it('a history page says nothing about other messages’ changes: it never moves the watermark', async () => {
    const tracker = new ChangeTracker()
    await tracker.sync(10, async () => { throw new Error('not asked') }, () => {})
    tracker.down() // away: changes 11–49 happen
    tracker.note(at(3, 50)) // an older page loaded over REST shows one message at revision 50
    const asked: number[] = []
    await tracker.sync(50, async (since) => {
      asked.push(since)
      return { messages: [at(8, 20), at(3, 50)], revision: 50, has_more: false }
    }, () => {})
    expect(asked).toEqual([10])
  })

  it('once synced, the socket’s own updates move the watermark; while down or syncing they do not', async () => {
    const tracker = new ChangeTracker()
    const never = async (): Promise<MessageChanges> => { throw new Error('not asked') }
    tracker.live(at(1, 4)) // before any sync: ignored
    await tracker.sync(5, never, () => {})
    tracker.live(at(1, 8)) // live on the open, synced socket
    tracker.down()
    tracker.live(at(2, 9)) // a stray frame after the drop: ignored
    await tracker.sync(8, never, () => {}) // nothing changed since 8: no request
    const asked: number[] = []
    await tracker.sync(9, async (since) => {
      asked.push(since)
      return { messages: [at(2, 9)], revision: 9, has_more: false }
    }, () => {})
    expect(asked).toEqual([8])
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

  it('takes the greeting’s revision as the baseline on its first sync, and asks nothing when nothing changed while away', async () => {
    const tracker = new ChangeTracker()
    const asked: number[] = []
    const page = async (since: number): Promise<MessageChanges> => {
      asked.push(since)
      return { messages: since < 12 ? [at(7, 12)] : [], revision: 12, has_more: false }
    }
    tracker.note(at(40, 0)) // the newest page, never changed
    await tracker.sync(10, page, () => {}) // the conversation has 10 revisions of history: not paged
    expect(asked).toEqual([])
    await tracker.sync(10, page, () => {}) // reconnect, nothing changed meanwhile
    expect(asked).toEqual([])
    const applied: number[] = []
    await tracker.sync(12, page, (m) => applied.push(m.revision!)) // changed while away
    expect(asked).toEqual([10])
    expect(applied).toEqual([12])
  })

  it('pages as before when the server’s greeting carries no revision', async () => {
    const tracker = new ChangeTracker()
    const asked: number[] = []
    await tracker.sync(null, async (since) => {
      asked.push(since)
      return { messages: [], revision: 3, has_more: false }
    }, () => {})
    expect(asked).toEqual([0])
  })
})
