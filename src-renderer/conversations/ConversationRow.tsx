import type { ConversationPrefs } from '../../src-shared/ipc/contract'
import type { Conversation } from '../../src-shared/protocol/types'
import { Avatar } from '../ui/Avatar'
import { BellOffIcon, PaperclipIcon } from '../ui/icons'
import { conversationTitle } from './conversationTitle'
import { formatRelativeTime } from './relativeTime'

export function ConversationRow({ conversation, meId, active, now, onOpen, prefs }: {
  conversation: Conversation
  meId: number
  /** This device's mute and marked-unread choices for it, if any. */
  prefs: ConversationPrefs | undefined
  active: boolean
  now: Date
  onOpen: (id: number) => void
}) {
  const title = conversationTitle(conversation, meId)
  const unread = conversation.unread_count
  const muted = prefs?.muted ?? false
  // Marked unread by hand: shown as unread (a dot) though no message is.
  const markedUnread = (prefs?.markedUnread ?? false) && unread === 0
  // Servers mark file previews with "📎 "; draw our own icon rather than rely on an emoji font.
  const raw = conversation.last_message_preview
  const isFile = raw.startsWith('📎')
  const text = isFile ? raw.replace(/^📎\s*/u, '') : raw
  const prefix = raw && conversation.last_message_sender_id === meId ? 'You: ' : ''
  return (
    <li>
      <button type="button" className={`conversation-row ${active ? 'is-active' : ''} ${unread || markedUnread ? 'has-unread' : ''} ${muted ? 'is-muted' : ''}`}
        aria-current={active ? 'page' : undefined} onClick={() => onOpen(conversation.id)}>
        <Avatar name={title} />
        <span className="conversation-text">
          <span className="conversation-title-line">
            <span className="conversation-title">{title}</span>
            {muted && <span className="muted-icon" role="img" aria-label="Muted" title="Muted"><BellOffIcon size={13} /></span>}
            <time className="conversation-time" dateTime={conversation.last_message_at ?? undefined}>
              {formatRelativeTime(conversation.last_message_at, now)}
            </time>
          </span>
          <span className="conversation-preview-line">
            <span className="conversation-preview">
              {raw ? <>{prefix}{isFile && <PaperclipIcon size={13} />}{text}</> : 'No messages yet'}
            </span>
            {markedUnread && <span className="badge badge-dot" role="img" aria-label="Marked unread" title="Marked unread" />}
            {unread > 0 && <span className="badge" aria-label={`${unread} unread`}>{unread > 99 ? '99+' : unread}</span>}
          </span>
        </span>
      </button>
    </li>
  )
}
