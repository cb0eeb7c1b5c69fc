import { useEffect, useRef, useState } from 'react'
import type { KeyboardEvent } from 'react'
import type { SearchHit, SearchQuery } from '../../src-shared/ipc/contract'
import { conversationTitle, displayName } from '../conversations/conversationTitle'
import { formatRelativeTime } from '../conversations/relativeTime'
import { useActions, useApp } from '../store/StoreProvider'
import { CloseIcon, SearchIcon } from '../ui/icons'
import { highlightSegments } from './highlight'

/** Typing pauses this long before a search goes out; Enter searches at once. */
const TYPING_PAUSE_MS = 250

interface Found {
  text: string
  hits: SearchHit[]
  hasMore: boolean
  live: boolean
}

/**
 * Message search (Ctrl+F: the open conversation, Ctrl+Shift+F: everywhere). Results show
 * who, where, when and the matched words; choosing one opens its conversation at it.
 */
export function SearchPanel({ scope, onScope, onClose }: {
  /** The conversation searched, or null for all of them. */
  scope: number | null
  onScope: (scope: number | null) => void
  onClose: () => void
}) {
  const { searchMessages, showMessage } = useActions()
  const conversations = useApp((state) => state.conversations)
  const meId = useApp((state) => state.session?.user.id ?? 0)
  const [text, setText] = useState('')
  const [found, setFound] = useState<Found | null>(null)
  const [busy, setBusy] = useState<'none' | 'search' | 'more'>('none')
  const [error, setError] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  // Answers can come back out of order: only the newest request's is shown.
  const requestRef = useRef(0)
  const scoped = scope !== null ? conversations[scope] : undefined

  useEffect(() => { inputRef.current?.focus() }, [scope])

  async function run(query: SearchQuery, more: boolean) {
    const request = ++requestRef.current
    setBusy(more ? 'more' : 'search')
    setError(null)
    const outcome = await searchMessages(query)
    if (request !== requestRef.current) return
    setBusy('none')
    if (outcome.error !== null) return setError(outcome.error)
    const { hits, hasMore, live } = outcome.results
    setFound((previous) => ({ text: query.text, hits: more && previous ? [...previous.hits, ...hits] : hits, hasMore, live }))
  }

  const queryFor = (words: string): SearchQuery => (scope !== null ? { text: words, conversationId: scope } : { text: words })

  // Search as you type, after a short pause; a new scope searches again.
  useEffect(() => {
    const words = text.trim()
    if (!words) {
      requestRef.current += 1
      setFound(null)
      setBusy('none')
      setError(null)
      return
    }
    const timer = setTimeout(() => void run(queryFor(words), false), TYPING_PAUSE_MS)
    return () => clearTimeout(timer)
    // run and queryFor are rebuilt each render: the text and the scope are what start a search.
  }, [text, scope])

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault()
      onClose()
    } else if (event.key === 'Enter' && text.trim()) {
      event.preventDefault()
      void run(queryFor(text.trim()), false)
    }
  }

  function loadMore() {
    const last = found?.hits[found.hits.length - 1]
    if (!found || !last) return
    void run({ ...queryFor(found.text), before: last.message.id }, true)
  }

  const status = busy === 'search' ? 'Searching…'
    : !found ? ''
      : found.hits.length === 0 ? `No messages match “${found.text}”.`
        : `${found.hits.length}${found.hasMore ? '+' : ''} ${found.hits.length === 1 ? 'message' : 'messages'} found`
  const now = new Date()

  return (
    <section className="search-panel" aria-label="Message search">
      <header className="search-panel-header">
        <h2>Search</h2>
        <button type="button" className="icon-button" aria-label="Close search" title="Close search (Esc)" onClick={onClose}>
          <CloseIcon size={16} />
        </button>
      </header>
      <div className="search-box search-messages">
        <SearchIcon size={16} />
        <input ref={inputRef} type="search" aria-label="Search messages" placeholder="Search messages" maxLength={200}
          value={text} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} />
      </div>
      <div className="search-scope">
        {scoped ? (
          <>
            <span>In <strong>{conversationTitle(scoped, meId)}</strong></span>
            <button type="button" className="link-button" onClick={() => onScope(null)}>Search all conversations</button>
          </>
        ) : <span>In all conversations</span>}
      </div>
      <p className="search-status" role="status">{status}</p>
      {found && !found.live && (
        <p className="search-offline">Offline: this searched the messages saved on this device, which may not be all of them.</p>
      )}
      {error && <p className="search-error" role="alert">{error}</p>}
      {found && found.hits.length > 0 && (
        <ul className="search-results" aria-label="Search results">
          {found.hits.map((hit) => {
            const conversation = conversations[hit.conversationId]
            return (
              <li key={hit.message.id}>
                <button type="button" className="search-hit" onClick={() => void showMessage(hit.conversationId, hit.message.id)}>
                  <span className="search-hit-line">
                    <span className="search-hit-sender">{displayName(hit.message.sender)}</span>
                    <time dateTime={hit.message.created_at}>{formatRelativeTime(hit.message.created_at, now)}</time>
                  </span>
                  {scope === null && (
                    <span className="search-hit-conversation">in {conversation ? conversationTitle(conversation, meId) : 'a conversation'}</span>
                  )}
                  <span className="search-hit-snippet">
                    {highlightSegments(hit.snippet, hit.highlights).map((segment, index) =>
                      segment.marked ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>)}
                  </span>
                </button>
              </li>
            )
          })}
        </ul>
      )}
      {found?.hasMore && (
        <button type="button" className="button load-more" disabled={busy !== 'none'} onClick={loadMore}>
          {busy === 'more' ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  )
}
