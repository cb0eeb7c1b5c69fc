// The slice of one conversation's history held in memory: a contiguous run of messages,
// oldest first. Scrolling up prepends older pages; past MAX_WINDOW the newest messages are
// dropped (remembered as page refs so scrolling back down refetches them), so memory stays
// bounded however far back someone scrolls. Pure functions: the store applies them.
import { HISTORY_PAGE_SIZE } from '../../src-shared/client/chat-client'
import type { Message } from '../../src-shared/protocol/types'

/** Messages kept in memory for one conversation; a few pages of the server's history. */
export const MAX_WINDOW = 600

/** A page dropped off the newest end: refetched with `before = lastId + 1`. */
export interface PageRef {
  firstId: number
  lastId: number
}

export interface HistoryWindow {
  messages: Message[]
  /** The server has messages older than messages[0]. */
  hasOlder: boolean
  /** Pages dropped off the newest end, the one adjacent to the window last. Empty = at latest. */
  droppedNewer: PageRef[]
  /**
   * The window was opened around a message (a search result, a reply's original) and the
   * server has newer messages than it holds, in no known pages: paged on with 'messages:around'.
   */
  hasNewer: boolean
  /** False when the window came from the local cache because the server is unreachable. */
  live: boolean
  /** Main's cached newest page, painted on open; not yet confirmed by the live page. */
  cached: boolean
  /** Largest page the server has returned; dropped refs never exceed it so one fetch refills them. */
  pageSize: number
  loading: 'idle' | 'latest' | 'older' | 'newer'
  error: string | null
}

export function emptyWindow(): HistoryWindow {
  return { messages: [], hasOlder: false, droppedNewer: [], hasNewer: false, live: true, cached: false, pageSize: 0, loading: 'latest', error: null }
}

function sortedUnique(messages: Iterable<Message>): Message[] {
  const byId = new Map<number, Message>()
  for (const message of messages) byId.set(message.id, message)
  return [...byId.values()].sort((a, b) => a.id - b.id)
}

export function windowFromLatest(messages: Message[], hasMore: boolean, live: boolean): HistoryWindow {
  const sorted = sortedUnique(messages)
  return { messages: sorted, hasOlder: hasMore, droppedNewer: [], hasNewer: false, live, cached: false, pageSize: sorted.length, loading: 'idle', error: null }
}

/** A page around one message: older and newer messages may both exist beyond it. */
export function windowAround(messages: Message[], hasOlder: boolean, hasNewer: boolean, live: boolean): HistoryWindow {
  return { ...windowFromLatest(messages, hasOlder, live), hasNewer }
}

/**
 * The next messages after a window opened around a message (a page around its newest
 * message, of which only the newer half is new). Past MAX_WINDOW the oldest go.
 */
export function appendAfter(window: HistoryWindow, page: Message[], hasNewer: boolean, live: boolean): HistoryWindow {
  const lastId = window.messages[window.messages.length - 1]?.id ?? 0
  let messages = sortedUnique([...window.messages, ...page.filter((message) => message.id > lastId)])
  let hasOlder = window.hasOlder
  if (messages.length > MAX_WINDOW) {
    messages = messages.slice(messages.length - MAX_WINDOW)
    hasOlder = true
  }
  return { ...window, messages, hasOlder, hasNewer, live: window.live && live, loading: 'idle', error: null }
}

/**
 * A held message changed (edited, deleted, reacted to): replaced in place when the update
 * is newer than what is held. Updates can overtake each other (a live frame and a refetched
 * page), and `revision` orders them; a message not held is ignored (it is fetched as it is now).
 */
export function receiveUpdate(window: HistoryWindow, message: Message): HistoryWindow {
  const index = window.messages.findIndex((held) => held.id === message.id)
  if (index < 0) return window
  const held = window.messages[index]!
  if ((held.revision ?? 0) > (message.revision ?? 0)) return window
  const messages = window.messages.slice()
  messages[index] = message
  return { ...window, messages }
}

/**
 * Main's cached newest page, shown while the live page is on its way. Still 'latest'
 * loading (so nothing pages from it) and live (no offline notice: nothing has failed yet).
 */
export function windowFromCache(messages: Message[]): HistoryWindow {
  return { ...windowFromLatest(messages, false, true), cached: true, loading: 'latest' }
}

/**
 * The live page replacing a cached window. The page is the truth for its range; held rows
 * newer than it (pushed while it was on its way) stay; cached rows older than it go, since
 * the cache can't vouch there is no gap between them and the page. At the bottom of the
 * list the dropped rows are above the viewport and the shared rows keep their ids, so the
 * reader sees no jump.
 */
export function confirmCached(window: HistoryWindow, page: Message[], hasMore: boolean, live: boolean): HistoryWindow {
  if (page.length === 0) return windowFromLatest(page, hasMore, live)
  const newestInPage = page.reduce((max, message) => Math.max(max, message.id), 0)
  const pushed = window.messages.filter((message) => message.id > newestInPage)
  return windowFromLatest([...page, ...pushed], hasMore, live)
}

/** Splits the newest `excess` messages into refs of at most `pageSize`, oldest-adjacent last. */
function refsForDropped(dropped: Message[], pageSize: number): PageRef[] {
  const refs: PageRef[] = []
  for (let end = dropped.length; end > 0; end -= pageSize) {
    const start = Math.max(0, end - pageSize)
    refs.push({ firstId: dropped[start]!.id, lastId: dropped[end - 1]!.id })
  }
  // refs[0] is the newest chunk, so the stack top (last) is the chunk nearest the window.
  return refs
}

export function prependOlder(window: HistoryWindow, older: Message[], hasMore: boolean, live: boolean): HistoryWindow {
  const firstId = window.messages[0]?.id ?? Number.POSITIVE_INFINITY
  const fresh = older.filter((message) => message.id < firstId)
  const pageSize = Math.max(window.pageSize, older.length)
  let messages = sortedUnique([...fresh, ...window.messages])
  let droppedNewer = window.droppedNewer
  if (messages.length > MAX_WINDOW) {
    const dropped = messages.slice(MAX_WINDOW)
    messages = messages.slice(0, MAX_WINDOW)
    droppedNewer = [...droppedNewer, ...refsForDropped(dropped, pageSize)]
  }
  return { ...window, messages, hasOlder: hasMore, droppedNewer, live: window.live && live, pageSize, loading: 'idle', error: null }
}

/** The ref to refetch when scrolling down past the window's newest message, if any. */
export function nextNewerRef(window: HistoryWindow): PageRef | null {
  return window.droppedNewer[window.droppedNewer.length - 1] ?? null
}

export function appendNewer(window: HistoryWindow, ref: PageRef, page: Message[], live: boolean): HistoryWindow {
  const lastId = window.messages[window.messages.length - 1]?.id ?? 0
  const fresh = page.filter((message) => message.id > lastId && message.id <= ref.lastId)
  let messages = sortedUnique([...window.messages, ...fresh])
  let hasOlder = window.hasOlder
  if (messages.length > MAX_WINDOW) {
    messages = messages.slice(messages.length - MAX_WINDOW)
    hasOlder = true
  }
  return { ...window, messages, hasOlder, droppedNewer: window.droppedNewer.slice(0, -1), live: window.live && live, loading: 'idle', error: null }
}

/**
 * A message pushed by the server. Appended only when the window reaches the latest message
 * (else the user is deep in history and "Jump to latest" refetches); an id already held is
 * replaced (edits of state such as is_read).
 */
export function receiveLive(window: HistoryWindow, message: Message): HistoryWindow {
  const index = window.messages.findIndex((held) => held.id === message.id)
  if (index >= 0) {
    const messages = window.messages.slice()
    messages[index] = message
    return { ...window, messages }
  }
  if (!atLatest(window)) return window
  let messages = sortedUnique([...window.messages, message])
  let hasOlder = window.hasOlder
  // Trim a page at a time, not one message per arrival, so the top doesn't creep.
  if (messages.length > MAX_WINDOW + Math.max(HISTORY_PAGE_SIZE, window.pageSize)) {
    messages = messages.slice(messages.length - MAX_WINDOW)
    hasOlder = true
  }
  return { ...window, messages, hasOlder }
}

/** A read receipt from someone else: in the seed protocol it covers everything they were sent. */
export function markOwnRead(window: HistoryWindow, meId: number): HistoryWindow {
  let changed = false
  const messages = window.messages.map((message) => {
    if (message.sender.id !== meId || message.is_read) return message
    changed = true
    return { ...message, is_read: true }
  })
  return changed ? { ...window, messages } : window
}

export function atLatest(window: HistoryWindow): boolean {
  return window.droppedNewer.length === 0 && !window.hasNewer
}

/**
 * Reconciles the window with a fresh latest page (after a reconnect, or when the last
 * dropped page came back): contiguous → merged; a gap → the window restarts at the latest.
 */
export function mergeLatest(window: HistoryWindow, page: Message[], hasMore: boolean, live: boolean): HistoryWindow {
  if (!atLatest(window)) return window
  const lastId = window.messages[window.messages.length - 1]?.id ?? 0
  const oldestInPage = page.reduce((min, message) => Math.min(min, message.id), Number.POSITIVE_INFINITY)
  const contiguous = window.messages.length === 0 || page.length === 0 || oldestInPage <= lastId || !hasMore
  if (!contiguous) return windowFromLatest(page, hasMore, live)
  const merged = sortedUnique([...window.messages, ...page])
  const trimmed = merged.length > MAX_WINDOW ? merged.slice(merged.length - MAX_WINDOW) : merged
  return {
    ...window,
    messages: trimmed,
    hasOlder: window.hasOlder || trimmed.length < merged.length,
    live,
    cached: false,
    pageSize: Math.max(window.pageSize, page.length),
    loading: 'idle',
    error: null,
  }
}
