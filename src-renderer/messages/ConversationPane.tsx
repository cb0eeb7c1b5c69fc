import { useMemo } from 'react'
import type { OutboxItem } from '../../src-shared/ipc/contract'
import { formatFileSize } from '../../src-shared/protocol/format'
import { Composer } from '../composer/Composer'
import { ConnectionBanner } from '../connection/ConnectionBanner'
import { conversationTitle, displayName, isGroup, otherParticipants } from '../conversations/conversationTitle'
import { oversizeMessage, useFileDrop } from '../files/useFileDrop'
import { useActions, useApp } from '../store/StoreProvider'
import { Avatar } from '../ui/Avatar'
import { PaperclipIcon } from '../ui/icons'
import { MessageView } from './MessageView'
import { TypingIndicator } from './TypingIndicator'

const NO_PENDING: OutboxItem[] = []

export function ConversationPane({ conversationId }: { conversationId: number }) {
  const conversation = useApp((state) => state.conversations[conversationId])
  const window = useApp((state) => state.histories[conversationId])
  const outbox = useApp((state) => state.outbox)
  const meId = useApp((state) => state.session?.user.id ?? 0)
  const maxFileBytes = useApp((state) => state.session?.limits.maxFileBytes ?? null)
  const { sendDroppedFile, notify } = useActions()
  const pending = useMemo(() => {
    const items = Object.values(outbox).filter((item) => item.conversationId === conversationId)
    return items.length ? items.sort((a, b) => a.createdAt.localeCompare(b.createdAt)) : NO_PENDING
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
      </header>
      <ConnectionBanner conversationId={conversationId} />
      {window && !window.live && (
        <p className="not-live" role="status">Showing saved messages. They may be out of date until Parley reconnects.</p>
      )}
      {window
        ? <MessageView conversationId={conversationId} window={window} pending={pending} group={group} />
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
