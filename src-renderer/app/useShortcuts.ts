import { useEffect } from 'react'
import { useActions } from '../store/StoreProvider'

export type ShortcutHandlers = {
  openSwitcher: () => void
  /** Esc with no dialog open: back to the composer. */
  escape: () => void
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/** Window-wide keys: Ctrl/Cmd+K switcher, Alt+Up/Down previous/next conversation, Esc. */
export function useShortcuts({ openSwitcher, escape }: ShortcutHandlers): void {
  const { stepConversation } = useActions()
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return
      const primary = isMac ? event.metaKey : event.ctrlKey
      if (primary && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        openSwitcher()
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
  }, [openSwitcher, escape, stepConversation])
}
