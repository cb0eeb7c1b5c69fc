import { useMemo } from 'react'
import type { OutboxItem } from '../../src-shared/ipc/contract'
import { formatFileSize } from '../../src-shared/protocol/format'
import { Composer } from '../composer/Composer'
import { ConnectionBanner } from '../connection/ConnectionBanner'
import { conversationTitle, displayName, isGroup, otherParticipants } from '../conversations/conversationTitle'
import { oversizeMessage, useFileDrop } from '../files/useFileDrop'
import { isAction } from '../store/events'
import { useActions, useApp } from '../store/StoreProvider'
import { Avatar } from '../ui/Avatar'
import { BellIcon, BellOffIcon, PaperclipIcon, SearchIcon, UnreadIcon } from '../ui/icons'
import { MessageView } from './MessageView'
import { TypingIndicator } from './TypingIndicator'

const NO_PENDING: OutboxItem[] = []
const NO_ACTIONS: Record<number, OutboxItem[]> = {}

export function ConversationPane({ conversationId, onSearch }: {
  conversationId: number
  /** Opens search in this conversation; absent when the server offers no search. */
  onSearch?: () => void
}) {
  const conversation = useApp((state) => state.conversations[conversationId])
  const window = useApp((state) => state.histories[conversationId])
  const outbox = useApp((state) => state.outbox)
  const meId = useApp((state) => state.session?.user.id ?? 0)
  const maxFileBytes = useApp((state) => state.session?.limits.maxFileBytes ?? null)
  const muted = useApp((state) => state.prefs[conversationId]?.muted ?? false)
  const { sendDroppedFile, notify, setMuted, markUnread } = useActions()
  // New messages are rows of their own at the bottom; actions (edit, delete, react) show on their message.
  const { pending, actions } = useMemo(() => {
    const items = Object.values(outbox).filter((item) => item.conversationId === conversationId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    const sends = items.filter((item) => !isAction(item))
    const byTarget: Record<number, OutboxItem[]> = {}
    for (const item of items) {
      if (isAction(item) && item.targetId !== null) (byTarget[item.targetId] ??= []).push(item)
    }
    return { pending: sends.length ? sends : NO_PENDING, actions: Object.keys(byTarget).length ? byTarget : NO_ACTIONS }
  }, [outbox, conversationId])
  const drop = useFileDrop((files) => {
    const oversize = oversizeMessage(files, maxFileBytes)
    if (oversize) return notify(oversize)
    for (const file of files) void sendDroppedFile(conversationId, file)
  })

  if (!conversation) return <div className="pane-empty"><p>This conversation is no longer available.</p></div>
  const title = conversationTitle(conversation, meId)
  const group = isGroup(conversation)
  const others = otherParticipants(conversation, meId)
  const subtitle = group ? `${conversation.participants.length} people: ${others.map(displayName).join(', ')}` : others[0]?.email ?? ''

  return (
    <section className="conversation" aria-label={title} {...drop.handlers}>
      <header className="conversation-header">
        <Avatar name={title} />
        <div className="conversation-heading">
          <h2>{title}</h2>
          <p className="muted">{subtitle}</p>
        </div>
        <div className="conversation-tools">
          {muted && <span className="muted-note"><BellOffIcon size={14} /> Muted</span>}
          {onSearch && (
            <button type="button" className="icon-button" aria-label="Search in this conversation" title="Search in this conversation (Ctrl+F)" onClick={onSearch}>
              <SearchIcon />
            </button>
          )}
          <button type="button" className="icon-button" aria-label={muted ? 'Unmute' : 'Mute'}
            title={muted ? 'Unmute: notify me of new messages' : 'Mute: no notifications except when I am mentioned'}
            onClick={() => void setMuted(conversationId, !muted)}>
            {muted ? <BellIcon /> : <BellOffIcon />}
          </button>
          <button type="button" className="icon-button" aria-label="Mark as unread" title="Mark as unread" onClick={() => void markUnread(conversationId)}>
            <UnreadIcon />
          </button>
        </div>
      </header>
      <ConnectionBanner conversationId={conversationId} />
      {window && !window.live && (
        <p className="not-live" role="status">Showing saved messages. They may be out of date until Parley reconnects.</p>
      )}
      {window
        ? <MessageView conversationId={conversationId} window={window} pending={pending} actions={actions} group={group} />
        : <div className="message-view" />}
      <TypingIndicator conversationId={conversationId} />
      <Composer conversationId={conversationId} placeholder={`Message ${title}`} />
      {drop.active && (
        <div className="drop-target" aria-hidden="true">
          <PaperclipIcon size={32} />
          <p>Drop to send to {title}</p>
          {maxFileBytes !== null && <p className="muted">Up to {formatFileSize(maxFileBytes)} per file</p>}
        </div>
      )}
    </section>
  )
}
