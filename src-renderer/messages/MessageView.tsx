// The virtualized message list. Only the rows near the viewport exist in the DOM; each is
// measured after render (text wraps, images), keyed by message so measurements survive
// pages being added above or dropped below.
import { useEffect, useMemo, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { OutboxItem, UploadProgress } from '../../src-shared/ipc/contract'
import { formatDayLabel } from '../conversations/relativeTime'
import type { HistoryWindow } from '../store/historyWindow'
import { atLatest } from '../store/historyWindow'
import { useActions, useApp } from '../store/StoreProvider'
import { ArrowDownIcon } from '../ui/icons'
import type { Row } from './buildRows'
import { buildRows } from './buildRows'
import { MessageRow, PendingRow } from './MessageRow'
import { useStickyScroll } from './useStickyScroll'

/** Start loading more when the viewport is this close to either end of the loaded rows. */
const EDGE_PX = 600

const ESTIMATES: Record<Row['kind'], number> = { top: 48, day: 40, message: 60, pending: 72 }

export function MessageView({ conversationId, window, pending, actions, group }: {
  conversationId: number
  window: HistoryWindow
  pending: OutboxItem[]
  /** Outbox actions (edit, delete, react) by the message they act on. */
  actions: Record<number, OutboxItem[]>
  group: boolean
}) {
  const meId = useApp((state) => state.session?.user.id ?? 0)
  const uploads = useApp((state) => state.uploads)
  const { loadOlder, loadNewer, jumpToLatest } = useActions()
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null)
  const showPending = atLatest(window)
  const rows = useMemo(
    () => buildRows(window.messages, showPending ? pending : [], { meId, group, hasOlder: window.hasOlder }),
    [window.messages, window.hasOlder, pending, showPending, meId, group],
  )
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollElement,
    estimateSize: (index) => ESTIMATES[rows[index]?.kind ?? 'message'],
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 6,
  })
  const { pinned, pinnedRef, onScroll, scrollToBottom, unpin } = useStickyScroll(virtualizer, rows, scrollElement)

  // A message asked for (a search result, a reply's original, the one being edited): scroll
  // it to the middle once its row exists (its page may still be on its way).
  const focused = useApp((state) => (state.focused?.conversationId === conversationId ? state.focused : null))
  const editingId = useApp((state) => (state.editing?.conversationId === conversationId ? state.editing.messageId : null))
  const target = focused ? `f${focused.seq}:${focused.messageId}` : editingId !== null ? `e:${editingId}` : null
  const reachedRef = useRef<string | null>(null)
  useEffect(() => {
    if (!target || !scrollElement || reachedRef.current === target) return
    const messageId = Number(target.slice(target.indexOf(':') + 1))
    const index = rows.findIndex((row) => row.kind === 'message' && row.message.id === messageId)
    if (index < 0) return
    reachedRef.current = target
    // A message being edited that is already on screen stays where it is (the view stays pinned).
    const shown = scrollElement?.querySelector(`[data-message-id="${messageId}"]`)
    // (Not returned: newer Chromium's scrollIntoView returns a promise, which React would call as a cleanup.)
    if (target.startsWith('e:') && shown) {
      shown.scrollIntoView({ block: 'nearest' })
      return
    }
    unpin()
    virtualizer.scrollToIndex(index, { align: 'center' })
    // When everything fits (or the message is near the end) nothing scrolled: still at the bottom.
    requestAnimationFrame(onScroll)
  }, [target, rows, virtualizer, unpin, scrollElement, onScroll])

  // Near the top: fetch older; near the bottom of a window whose newest pages were dropped: newer.
  const checkEdges = () => {
    if (!scrollElement || window.loading !== 'idle') return
    const { scrollTop, scrollHeight, clientHeight } = scrollElement
    if (window.hasOlder && scrollTop < EDGE_PX) void loadOlder(conversationId)
    else if (!atLatest(window) && scrollHeight - scrollTop - clientHeight < EDGE_PX) void loadNewer(conversationId)
  }
  const checkEdgesRef = useRef(checkEdges)
  checkEdgesRef.current = checkEdges
  useEffect(() => checkEdgesRef.current(), [rows, window.loading])

  // "New messages": something arrived after the newest message the reader has seen at the bottom.
  const latestId = window.messages[window.messages.length - 1]?.id ?? 0
  const [seenId, setSeenId] = useState(latestId)
  // The ref, not the state: a render that found the reader had just scrolled up unpins
  // during its layout, after this render's `pinned` was read.
  useEffect(() => { if (pinnedRef.current && atLatest(window)) setSeenId(latestId) }, [pinned, pinnedRef, latestId, window])
  // Away from the latest (a window around a search result) newer messages are not news.
  const hasUnseen = atLatest(window) && latestId > seenId

  const jump = () => {
    if (atLatest(window)) scrollToBottom()
    else void jumpToLatest(conversationId).then(scrollToBottom)
  }

  const items = virtualizer.getVirtualItems()
  return (
    <div className="message-view">
      {window.loading === 'latest' && window.messages.length === 0 && <p className="messages-loading" role="status">Loading messages…</p>}
      {window.error && <p className="messages-error" role="alert">{window.error}</p>}
      <div ref={setScrollElement} className="message-scroller" role="region" tabIndex={0} aria-label="Message history"
        onScroll={() => { onScroll(); checkEdges() }}>
        {/* Busy while the rows are main's cached copy, until the live page confirms them. */}
        <div role="list" aria-label="Messages" aria-busy={window.cached} className="message-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]
            if (!row) return null
            return (
              <div key={item.key} role="listitem" data-index={item.index} ref={virtualizer.measureElement}
                className={`row row-${row.kind}`} style={{ transform: `translateY(${item.start}px)` }}>
                <RowContent row={row} group={group} uploads={uploads} loading={window.loading === 'older'}
                  actions={row.kind === 'message' ? actions[row.message.id] : undefined}
                  focused={row.kind === 'message' && focused?.messageId === row.message.id} />
              </div>
            )
          })}
        </div>
      </div>
      {(!pinned || !atLatest(window)) && (
        <button type="button" className={`jump-button ${hasUnseen ? 'has-unseen' : ''}`} onClick={jump}>
          <ArrowDownIcon size={16} />
          {hasUnseen ? 'New messages' : 'Jump to latest'}
        </button>
      )}
    </div>
  )
}

function RowContent({ row, group, uploads, loading, actions, focused }: {
  row: Row
  group: boolean
  uploads: Record<string, UploadProgress>
  loading: boolean
  actions: OutboxItem[] | undefined
  focused: boolean
}) {
  switch (row.kind) {
    case 'top':
      return row.hasOlder
        ? <p className="history-edge">{loading ? 'Loading earlier messages…' : 'Scroll up for earlier messages'}</p>
        : <p className="history-edge">This is the beginning of the conversation.</p>
    case 'day':
      return <p className="day-separator"><span>{formatDayLabel(row.date, new Date())}</span></p>
    case 'message':
      return <MessageRow message={row.message} mine={row.mine} showSender={row.showSender} continued={row.continued} group={group}
        actions={actions} focused={focused} />
    case 'pending':
      return <PendingRow item={row.item} progress={uploads[row.item.clientId]} />
  }
}
