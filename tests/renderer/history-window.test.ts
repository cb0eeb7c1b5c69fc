// The in-memory history window: pages prepended as the reader scrolls up, the newest pages
// dropped past MAX_WINDOW and refetched on the way back down, live messages, reconnects.
import { describe, expect, it } from 'vitest'
import {
  MAX_WINDOW, appendNewer, atLatest, emptyWindow, markOwnRead, mergeLatest, nextNewerRef, prependOlder, receiveLive, windowFromLatest,
  type HistoryWindow,
} from '../../src-renderer/store/historyWindow'
import { ADA, BOB, ids, message, pagedHistory, range } from './support/messages'

function expectContiguous(window: HistoryWindow): void {
  const held = ids(window.messages)
  expect(held).toEqual(range(held[0]!, held[held.length - 1]!).map((m) => m.id))
}

/** Every id the window stands for: held ones plus the dropped refs, which must follow on. */
function expectRefsFollowWindow(window: HistoryWindow): void {
  let expectedFirst = window.messages[window.messages.length - 1]!.id + 1
  for (const ref of [...window.droppedNewer].reverse()) {
    expect(ref.firstId).toBe(expectedFirst)
    expect(ref.lastId - ref.firstId + 1).toBeLessThanOrEqual(window.pageSize)
    expectedFirst = ref.lastId + 1
  }
}

describe('history window', () => {
  it('starts from the latest page sorted by id with duplicates removed', () => {
    const window = windowFromLatest([message(3), message(1), message(2), message(3, { content: 'edited' })], true, true)
    expect(ids(window.messages)).toEqual([1, 2, 3])
    expect(window.messages[2]!.content).toBe('edited')
    expect(window).toMatchObject({ hasOlder: true, droppedNewer: [], live: true, pageSize: 3, loading: 'idle', error: null })
    expect(atLatest(window)).toBe(true)
    expect(emptyWindow()).toMatchObject({ messages: [], loading: 'latest' })
  })

  it('keeps at most MAX_WINDOW messages while scrolling up, dropping the newest as page refs', () => {
    const server = pagedHistory(10_000)
    const latest = server.page()
    let window = windowFromLatest(latest.messages, latest.hasMore, true)
    for (let step = 0; step < 30; step += 1) {
      const older = server.page(window.messages[0]!.id)
      window = prependOlder(window, older.messages, older.hasMore, true)
      expect(window.messages.length).toBeLessThanOrEqual(MAX_WINDOW)
      expectContiguous(window)
      expectRefsFollowWindow(window)
    }
    // 31 pages seen, 12 held: the 19 newest pages are remembered, newest first.
    expect(window.messages.length).toBe(MAX_WINDOW)
    expect(ids(window.messages)[0]).toBe(10_000 - 31 * 50 + 1)
    expect(window.droppedNewer).toHaveLength(19)
    expect(window.droppedNewer[0]).toEqual({ firstId: 9951, lastId: 10_000 })
    expect(nextNewerRef(window)).toEqual({ firstId: window.messages[MAX_WINDOW - 1]!.id + 1, lastId: window.messages[MAX_WINDOW - 1]!.id + 50 })
    expect(atLatest(window)).toBe(false)
  })

  it('refetches the dropped pages on the way back down until it is at the latest again', () => {
    const server = pagedHistory(10_000)
    let window = windowFromLatest(server.page().messages, true, true)
    for (let step = 0; step < 20; step += 1) {
      const older = server.page(window.messages[0]!.id)
      window = prependOlder(window, older.messages, older.hasMore, true)
    }
    const oldestReached = window.messages[0]!.id
    let fetches = 0
    for (let ref = nextNewerRef(window); ref; ref = nextNewerRef(window)) {
      const page = server.page(ref.lastId + 1)
      window = appendNewer(window, ref, page.messages, true)
      fetches += 1
      expect(window.messages.length).toBeLessThanOrEqual(MAX_WINDOW)
      expectContiguous(window)
      expect(window.hasOlder).toBe(true)
    }
    expect(fetches).toBe(9)
    expect(atLatest(window)).toBe(true)
    expect(ids(window.messages)).toEqual(range(10_000 - MAX_WINDOW + 1, 10_000).map((m) => m.id))
    expect(window.messages[0]!.id).toBeGreaterThan(oldestReached)
  })

  it('splits an uneven overflow into refs no larger than a page, and refills one without duplicates', () => {
    // 590 held (40 arrived live on top of 11 pages), then one more page above: 40 must go.
    let window = windowFromLatest(range(451, 1000), true, true)
    window = { ...window, pageSize: 50 }
    for (let id = 1001; id <= 1040; id += 1) window = receiveLive(window, message(id))
    window = prependOlder(window, range(401, 450), true, true)
    expect(window.messages.length).toBe(MAX_WINDOW)
    expect(window.droppedNewer).toEqual([{ firstId: 1001, lastId: 1040 }])
    // The server answers `before = 1041` with a full page; only the dropped ids come back in.
    const ref = nextNewerRef(window)!
    window = appendNewer(window, ref, range(991, 1040), true)
    expectContiguous(window)
    expect(window.messages[window.messages.length - 1]!.id).toBe(1040)
    expect(window.messages.length).toBe(MAX_WINDOW)
    expect(window.messages[0]!.id).toBe(441)
  })

  it('a page from the offline cache marks the whole window as not live', () => {
    let window = windowFromLatest(range(51, 100), true, true)
    window = prependOlder(window, range(1, 50), false, false)
    expect(window.live).toBe(false)
    expect(window.hasOlder).toBe(false)
  })

  it('appends live messages at the latest, replaces held ones, ignores them deep in history', () => {
    let window = windowFromLatest(range(1, 10), false, true)
    window = receiveLive(window, message(11))
    expect(ids(window.messages).at(-1)).toBe(11)
    window = receiveLive(window, message(5, { is_read: true }))
    expect(window.messages[4]!.is_read).toBe(true)
    expect(window.messages).toHaveLength(11)
    const deep: HistoryWindow = { ...window, droppedNewer: [{ firstId: 12, lastId: 20 }] }
    expect(receiveLive(deep, message(21))).toBe(deep)
  })

  it('trims live arrivals a page at a time so the top does not creep', () => {
    let window = windowFromLatest(range(1, MAX_WINDOW), false, true)
    window = { ...window, pageSize: 50 }
    for (let id = MAX_WINDOW + 1; id <= MAX_WINDOW + 50; id += 1) window = receiveLive(window, message(id))
    expect(window.messages).toHaveLength(MAX_WINDOW + 50)
    expect(window.hasOlder).toBe(false)
    window = receiveLive(window, message(MAX_WINDOW + 51))
    expect(window.messages).toHaveLength(MAX_WINDOW)
    expect(window.messages[0]!.id).toBe(52)
    expect(window.hasOlder).toBe(true)
  })

  it('marks only my unread messages read, and keeps the same object when nothing changes', () => {
    const window = windowFromLatest([message(1, { sender: ADA }), message(2, { sender: BOB }), message(3, { sender: ADA, is_read: true })], false, true)
    const read = markOwnRead(window, ADA.id)
    expect(read.messages.map((m) => m.is_read)).toEqual([true, false, true])
    expect(markOwnRead(read, ADA.id)).toBe(read)
  })

  it('merges a latest page after a reconnect: contiguous pages join, a gap restarts at the latest', () => {
    const window = windowFromLatest(range(51, 100), true, true)
    const joined = mergeLatest(window, range(81, 130), true, true)
    expect(ids(joined.messages)).toEqual(range(51, 130).map((m) => m.id))
    expect(joined.hasOlder).toBe(true)

    const restarted = mergeLatest(window, range(151, 200), true, true)
    expect(ids(restarted.messages)).toEqual(range(151, 200).map((m) => m.id))
    expect(restarted.droppedNewer).toEqual([])

    // An overlapping page joins too.
    const whole = mergeLatest(windowFromLatest(range(1, 3), false, true), range(1, 40), false, true)
    expect(ids(whole.messages)).toEqual(range(1, 40).map((m) => m.id))

    const deep: HistoryWindow = { ...window, droppedNewer: [{ firstId: 101, lastId: 150 }] }
    expect(mergeLatest(deep, range(151, 200), true, true)).toBe(deep)
  })

  it('caps a merge at MAX_WINDOW keeping the newest, and says older ones exist', () => {
    const window = windowFromLatest(range(1, MAX_WINDOW), false, true)
    const merged = mergeLatest(window, range(MAX_WINDOW - 9, MAX_WINDOW + 40), true, true)
    expect(merged.messages).toHaveLength(MAX_WINDOW)
    expect(merged.messages.at(-1)!.id).toBe(MAX_WINDOW + 40)
    expect(merged.hasOlder).toBe(true)
  })
})
