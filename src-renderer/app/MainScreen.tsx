import { useCallback, useState } from 'react'
import { focusComposer } from '../composer/focusComposer'
import { ConversationList } from '../conversations/ConversationList'
import { ConversationSwitcher } from '../conversations/ConversationSwitcher'
import { NewConversationDialog } from '../conversations/NewConversationDialog'
import { displayName } from '../conversations/conversationTitle'
import { ConversationPane } from '../messages/ConversationPane'
import { SettingsDialog } from '../settings/SettingsDialog'
import { HostLauncher } from '../host/HostLauncher'
import { SearchPanel } from '../search/SearchPanel'
import { useChatFeatures } from '../store/features'
import { useApp } from '../store/StoreProvider'
import { Avatar } from '../ui/Avatar'
import { ChatIcon, ComposeIcon, SettingsIcon } from '../ui/icons'
import { LiveAnnouncer } from './LiveAnnouncer'
import { useShortcuts } from './useShortcuts'

type Dialog = 'none' | 'new' | 'switcher' | 'settings'

export function MainScreen() {
  const session = useApp((state) => state.session)
  const activeId = useApp((state) => state.activeId)
  const [dialog, setDialog] = useState<Dialog>('none')
  const searchOffered = useChatFeatures().search
  // The search panel's scope: a conversation, null for all, undefined when closed.
  const [searchScope, setSearchScope] = useState<number | null | undefined>(undefined)
  const openSearch = useCallback((everywhere: boolean) => {
    setSearchScope(everywhere ? null : activeId)
    // Already open on the same scope: the shortcut still puts the reader in the box.
    document.querySelector<HTMLInputElement>('input[aria-label="Search messages"]')?.focus()
  }, [activeId])
  const closeSearch = useCallback(() => {
    setSearchScope(undefined)
    focusComposer()
  }, [])
  const close = useCallback(() => setDialog('none'), [])
  const openSwitcher = useCallback(() => setDialog('switcher'), [])
  const escape = focusComposer
  useShortcuts({ openSwitcher, escape, openSearch: searchOffered ? openSearch : undefined })
  const searching = searchOffered && searchScope !== undefined
  const me = session ? displayName(session.user) : ''

  return (
    <div className={`app-layout ${searching ? 'has-search' : ''}`}>
      <aside className="sidebar">
        <header className="sidebar-header">
          <Avatar name={me} />
          <span className="sidebar-me">
            <span className="sidebar-name">{me}</span>
            <span className="sidebar-server">{session?.server.replace(/^https?:\/\//, '')}</span>
          </span>
          <HostLauncher variant="icon" />
          <button type="button" className="icon-button" aria-label="Settings" title="Settings" onClick={() => setDialog('settings')}>
            <SettingsIcon />
          </button>
          <button type="button" className="icon-button" aria-label="New conversation" title="New conversation" onClick={() => setDialog('new')}>
            <ComposeIcon />
          </button>
        </header>
        <ConversationList />
      </aside>
      <main className="pane" aria-label="Conversation">
        {activeId !== null ? <ConversationPane key={activeId} conversationId={activeId}
          onSearch={searchOffered ? () => openSearch(false) : undefined} /> : (
          <div className="pane-empty">
            <ChatIcon size={40} />
            <p>Pick a conversation, or start a new one.</p>
            <p className="muted"><kbd>{/Mac/.test(navigator.platform) ? '⌘' : 'Ctrl'}</kbd> <kbd>K</kbd> to switch quickly</p>
          </div>
        )}
      </main>
      {searching && <SearchPanel scope={searchScope ?? null} onScope={setSearchScope} onClose={closeSearch} />}
      <LiveAnnouncer />
      {dialog === 'new' && <NewConversationDialog onClose={close} />}
      {dialog === 'switcher' && <ConversationSwitcher onClose={close} />}
      {dialog === 'settings' && <SettingsDialog onClose={close} />}
    </div>
  )
}
