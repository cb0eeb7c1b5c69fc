// Keeps a virtual list where the reader left it. At the bottom it stays pinned as rows
// arrive or grow (images loading). Elsewhere, when rows are added or dropped above, the
// first visible row is re-anchored at the same spot, so loading history never jumps.
// A reader's scroll is reported a frame late (the scroll event), so an update arriving in
// between must not take it for "still pinned" and pull the view back to the end.
import { useCallback, useLayoutEffect, useRef, useState } from 'react'
import type { Virtualizer } from '@tanstack/react-virtual'
import type { Row } from './buildRows'

/** Within this many pixels of the end counts as "at the bottom". */
const PIN_SLACK_PX = 48

interface Anchor {
  key: string
  offset: number
}

export function useStickyScroll(virtualizer: Virtualizer<HTMLDivElement, Element>, rows: Row[], scrollElement: HTMLDivElement | null) {
  const pinnedRef = useRef(true)
  const [pinned, setPinned] = useState(true)
  const anchorRef = useRef<Anchor | null>(null)
  /** Where the view last was at the end: the reader moved up from it if it is now above. */
  const endTopRef = useRef(0)

  const recordAnchor = useCallback(() => {
    const element = scrollElement
    if (!element) return
    const top = element.scrollTop
    // Anchor on a message: the top row and day separators keep their keys while older
    // pages slide in above them, so they would pin the view to the top and load forever.
    const first = virtualizer.getVirtualItems().find((item) => {
      const kind = rows[item.index]?.kind
      return item.end > top && (kind === 'message' || kind === 'pending')
    })
    const row = first ? rows[first.index] : undefined
    anchorRef.current = first && row ? { key: row.key, offset: first.start - top } : null
  }, [virtualizer, rows, scrollElement])

  const onScroll = useCallback(() => {
    const element = scrollElement
    if (!element) return
    const atBottom = isAtBottom(element)
    if (atBottom) endTopRef.current = element.scrollTop
    pinnedRef.current = atBottom
    setPinned(atBottom)
    recordAnchor()
  }, [scrollElement, recordAnchor])

  /** While pinned: follow the end, unless the reader scrolled up since (not yet reported). */
  const followEnd = useCallback((element: HTMLDivElement) => {
    if (element.scrollTop < endTopRef.current && !isAtBottom(element)) {
      onScroll()
      return
    }
    element.scrollTop = element.scrollHeight
    endTopRef.current = element.scrollTop
  }, [onScroll])

  const scrollToBottom = useCallback(() => {
    const element = scrollElement
    if (!element) return
    pinnedRef.current = true
    setPinned(true)
    element.scrollTop = element.scrollHeight
    endTopRef.current = element.scrollTop
  }, [scrollElement])

  /** Stops following the end (a message elsewhere is being brought into view). */
  const unpin = useCallback(() => {
    pinnedRef.current = false
    setPinned(false)
  }, [])

  // Rows changed: stay pinned, or put the anchored row back where it was.
  useLayoutEffect(() => {
    const element = scrollElement
    if (!element) return
    if (pinnedRef.current) {
      followEnd(element)
      return
    }
    const anchor = anchorRef.current
    if (!anchor) return
    const index = rows.findIndex((row) => row.key === anchor.key)
    const measured = index >= 0 ? virtualizer.measurementsCache[index] : undefined
    if (measured) element.scrollTop = measured.start - anchor.offset
  }, [rows, scrollElement, virtualizer, followEnd])

  // Rows grew (measured, image loaded) while pinned: follow the end.
  const totalSize = virtualizer.getTotalSize()
  useLayoutEffect(() => {
    if (pinnedRef.current && scrollElement) followEnd(scrollElement)
  }, [totalSize, scrollElement, followEnd])

  return { pinned, pinnedRef, onScroll, scrollToBottom, unpin }
}

function isAtBottom(element: HTMLElement): boolean {
  return element.scrollHeight - element.scrollTop - element.clientHeight <= PIN_SLACK_PX
}
