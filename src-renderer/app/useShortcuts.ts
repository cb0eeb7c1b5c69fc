import { useEffect } from 'react'
import { useActions } from '../store/StoreProvider'

export type ShortcutHandlers = {
  openSwitcher: () => void
  /** Ctrl/Cmd+F: search the open conversation (everywhere when none is open); with Shift: everywhere. Absent when the server has no search. */
  openSearch?: (everywhere: boolean) => void
  /** Esc with no dialog open: back to the composer. */
  escape: () => void
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/** Window-wide keys: Ctrl/Cmd+K switcher, Ctrl/Cmd+(Shift+)F search, Alt+Up/Down previous/next conversation, Esc. */
export function useShortcuts({ openSwitcher, openSearch, escape }: ShortcutHandlers): void {
  const { stepConversation } = useActions()
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return
      const primary = isMac ? event.metaKey : event.ctrlKey
      if (primary && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        openSwitcher()
      } else if (primary && !event.altKey && event.key.toLowerCase() === 'f' && openSearch) {
        // Also keeps the browser's own find bar away: it would search only the rows on screen.
        event.preventDefault()
        openSearch(event.shiftKey)
      } else if (event.altKey && !primary && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        if (document.querySelector('dialog[open]')) return
        event.preventDefault()
        stepConversation(event.key === 'ArrowUp' ? -1 : 1)
      } else if (event.key === 'Escape' && !document.querySelector('dialog[open]')) {
        escape()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [openSwitcher, openSearch, escape, stepConversation])
}
