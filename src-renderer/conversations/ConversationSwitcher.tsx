import { useId, useMemo, useState } from 'react'
import type { KeyboardEvent } from 'react'
import { sortedConversations } from '../store/conversationActions'
import { useActions, useApp } from '../store/StoreProvider'
import { Modal } from '../ui/Modal'
import { conversationTitle, matchesFilter } from './conversationTitle'

/** Ctrl/Cmd+K: type a few letters, arrows to choose, Enter to open. */
export function ConversationSwitcher({ onClose }: { onClose: () => void }) {
  const conversations = useApp((state) => state.conversations)
  const meId = useApp((state) => state.session?.user.id ?? 0)
  const { openConversation } = useActions()
  const [query, setQuery] = useState('')
  const [highlight, setHighlight] = useState(0)
  const listId = useId()
  const matches = useMemo(
    () => sortedConversations(conversations).filter((c) => matchesFilter(c, meId, query)).slice(0, 12),
    [conversations, meId, query],
  )
  const current = Math.min(highlight, Math.max(0, matches.length - 1))

  function choose(id: number) {
    openConversation(id)
    onClose()
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      setHighlight((current + step + matches.length) % Math.max(1, matches.length))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      const match = matches[current]
      if (match) choose(match.id)
    }
  }

  return (
    <Modal title="Switch conversation" onClose={onClose} className="switcher">
      <div className="modal-body">
        <input className="text-input" role="combobox" aria-label="Switch to conversation" aria-expanded="true"
          aria-controls={listId} aria-activedescendant={matches[current] ? `${listId}-${matches[current].id}` : undefined}
          placeholder="Jump to a conversation…" value={query} autoFocus
          onChange={(event) => { setQuery(event.target.value); setHighlight(0) }} onKeyDown={onKeyDown} />
        <ul id={listId} role="listbox" aria-label="Conversations" className="switcher-list">
          {matches.map((conversation, index) => (
            <li key={conversation.id} id={`${listId}-${conversation.id}`} role="option" aria-selected={index === current}
              className={index === current ? 'is-highlighted' : ''} onMouseEnter={() => setHighlight(index)}
              onClick={() => choose(conversation.id)}>
              {conversationTitle(conversation, meId)}
            </li>
          ))}
          {matches.length === 0 && <li className="muted" role="option" aria-selected="false" aria-disabled="true">No matches</li>}
        </ul>
      </div>
    </Modal>
  )
}
