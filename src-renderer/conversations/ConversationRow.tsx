import type { Conversation } from '../../src-shared/protocol/types'
import { Avatar } from '../ui/Avatar'
import { PaperclipIcon } from '../ui/icons'
import { conversationTitle } from './conversationTitle'
import { formatRelativeTime } from './relativeTime'

export function ConversationRow({ conversation, meId, active, now, onOpen }: {
  conversation: Conversation
  meId: number
  active: boolean
  now: Date
  onOpen: (id: number) => void
}) {
  const title = conversationTitle(conversation, meId)
  const unread = conversation.unread_count
  // Servers mark file previews with "📎 "; draw our own icon rather than rely on an emoji font.
  const raw = conversation.last_message_preview
  const isFile = raw.startsWith('📎')
  const text = isFile ? raw.replace(/^📎\s*/u, '') : raw
  const prefix = raw && conversation.last_message_sender_id === meId ? 'You: ' : ''
  return (
    <li>
      <button type="button" className={`conversation-row ${active ? 'is-active' : ''} ${unread ? 'has-unread' : ''}`}
        aria-current={active ? 'page' : undefined} onClick={() => onOpen(conversation.id)}>
        <Avatar name={title} />
        <span className="conversation-text">
          <span className="conversation-title-line">
            <span className="conversation-title">{title}</span>
            <time className="conversation-time" dateTime={conversation.last_message_at ?? undefined}>
              {formatRelativeTime(conversation.last_message_at, now)}
            </time>
          </span>
          <span className="conversation-preview-line">
            <span className="conversation-preview">
              {raw ? <>{prefix}{isFile && <PaperclipIcon size={13} />}{text}</> : 'No messages yet'}
            </span>
            {unread > 0 && <span className="badge" aria-label={`${unread} unread`}>{unread > 99 ? '99+' : unread}</span>}
          </span>
        </span>
      </button>
    </li>
  )
}
