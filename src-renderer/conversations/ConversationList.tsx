import { useMemo, useState } from 'react'
import { useActions, useApp } from '../store/StoreProvider'
import { sortedConversations } from '../store/conversationActions'
import { SearchIcon } from '../ui/icons'
import { ConversationRow } from './ConversationRow'
import { matchesFilter } from './conversationTitle'
import { useNow } from './useNow'

export function ConversationList() {
  const conversations = useApp((state) => state.conversations)
  const loaded = useApp((state) => state.conversationsLoaded)
  const error = useApp((state) => state.conversationsError)
  const live = useApp((state) => state.conversationsLive)
  const activeId = useApp((state) => state.activeId)
  const prefs = useApp((state) => state.prefs)
  const meId = useApp((state) => state.session?.user.id ?? 0)
  const { openConversation, loadConversations } = useActions()
  const [filter, setFilter] = useState('')
  const now = useNow()
  const sorted = useMemo(() => sortedConversations(conversations), [conversations])
  const visible = useMemo(() => sorted.filter((c) => matchesFilter(c, meId, filter)), [sorted, meId, filter])

  return (
    <nav className="conversation-list" aria-label="Conversations">
      <div className="search-box">
        <SearchIcon size={16} />
        <input type="search" aria-label="Search conversations" placeholder="Search conversations"
          value={filter} onChange={(event) => setFilter(event.target.value)}
          onKeyDown={(event) => { if (event.key === 'Escape' && filter) { event.stopPropagation(); setFilter('') } }} />
      </div>
      {!live && loaded && <p className="list-note">Saved list: not live</p>}
      {error && (
        <div className="list-empty" role="alert">
          <p>{error}</p>
          <button type="button" className="button" onClick={() => void loadConversations()}>Try again</button>
        </div>
      )}
      {loaded && !error && visible.length === 0 && (
        <p className="list-empty">{filter ? `No conversations match “${filter}”.` : 'No conversations yet. Start one with the pencil button.'}</p>
      )}
      <ul className="conversation-items">
        {visible.map((conversation) => (
          <ConversationRow key={conversation.id} conversation={conversation} meId={meId} now={now}
            active={conversation.id === activeId} onOpen={openConversation} prefs={prefs[conversation.id]} />
        ))}
      </ul>
    </nav>
  )
}
