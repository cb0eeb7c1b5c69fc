import { useEffect, useState } from 'react'
import type { User } from '../../src-shared/protocol/types'
import { describeError } from '../store/errors'
import { useActions, useApp } from '../store/StoreProvider'
import { Avatar } from '../ui/Avatar'
import { Modal } from '../ui/Modal'
import { displayName } from './conversationTitle'

/** Pick one person (a 1:1) or several (a group) and start talking. */
export function NewConversationDialog({ onClose }: { onClose: () => void }) {
  const { searchUsers, createConversation } = useActions()
  const meId = useApp((state) => state.session?.user.id)
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<User[]>([])
  const [picked, setPicked] = useState<User[]>([])
  const [error, setError] = useState<string | null>(null)
  const [searching, setSearching] = useState(false)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let current = true
    setSearching(true)
    const timer = setTimeout(() => {
      searchUsers(query.trim())
        .then((users) => { if (current) { setResults(users.filter((user) => user.id !== meId)); setError(null) } })
        .catch((failure: unknown) => { if (current) setError(describeError(failure)) })
        .finally(() => { if (current) setSearching(false) })
    }, 250)
    return () => { current = false; clearTimeout(timer) }
  }, [query, searchUsers, meId])

  function toggle(user: User) {
    setPicked((list) => (list.some((p) => p.id === user.id) ? list.filter((p) => p.id !== user.id) : [...list, user]))
  }

  async function start() {
    if (picked.length === 0 || busy) return
    setBusy(true)
    const failure = await createConversation(picked.map((user) => user.id))
    setBusy(false)
    if (failure) setError(failure)
    else onClose()
  }

  return (
    <Modal title="New conversation" onClose={onClose} className="people-dialog">
      <form method="dialog" className="modal-body" onSubmit={(event) => { event.preventDefault(); void start() }}>
        <h2>New conversation</h2>
        <input type="search" className="text-input" aria-label="Find people" placeholder="Find people by name or email"
          value={query} onChange={(event) => setQuery(event.target.value)} autoFocus />
        {picked.length > 0 && (
          <p className="picked">With: {picked.map(displayName).join(', ')}</p>
        )}
        <ul className="people-list" aria-label="People" aria-busy={searching}>
          {results.map((user) => (
            <li key={user.id}>
              <label className="person">
                <input type="checkbox" checked={picked.some((p) => p.id === user.id)} onChange={() => toggle(user)} />
                <Avatar name={displayName(user)} size="sm" />
                <span className="person-text"><span>{displayName(user)}</span><span className="muted">{user.email}</span></span>
              </label>
            </li>
          ))}
          {!searching && results.length === 0 && !error && <li className="muted">No one found{query ? ` for “${query}”` : ''}.</li>}
        </ul>
        {error && <p className="callout callout-error" role="alert">{error}</p>}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={picked.length === 0 || busy}>
            {picked.length > 1 ? 'Start group' : 'Start conversation'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
