import { memo } from 'react'
import type { OutboxItem, UploadProgress } from '../../src-shared/ipc/contract'
import type { Message } from '../../src-shared/protocol/types'
import { displayName } from '../conversations/conversationTitle'
import { formatClockTime } from '../conversations/relativeTime'
import { FileAttachmentView } from '../files/FileAttachmentView'
import { UploadCard } from '../files/UploadCard'
import { useActions } from '../store/StoreProvider'
import { Avatar } from '../ui/Avatar'
import { MessageStatus } from './MessageStatus'
import { MessageText } from './MessageText'

export const MessageRow = memo(function MessageRow({ message, mine, showSender, continued, group }: {
  message: Message
  mine: boolean
  showSender: boolean
  continued: boolean
  group: boolean
}) {
  const sender = displayName(message.sender)
  return (
    <div className={`message ${mine ? 'is-mine' : 'is-theirs'} ${continued ? 'is-continued' : ''}`}>
      {group && !mine && (continued ? <span className="avatar-spacer" /> : <Avatar name={sender} size="sm" />)}
      <div className="bubble">
        {showSender && <span className="message-sender">{sender}</span>}
        {!mine && !showSender && <span className="visually-hidden">{sender}: </span>}
        {message.message_type === 'file' && <FileAttachmentView message={message} />}
        <MessageText text={message.content} />
        <span className="message-meta">
          <time dateTime={message.created_at}>{formatClockTime(message.created_at)}</time>
          {mine && <MessageStatus state={message.is_read ? 'read' : 'sent'} />}
        </span>
      </div>
    </div>
  )
})

/** A send main has not confirmed yet: sending, queued offline, uploading, or failed. */
export const PendingRow = memo(function PendingRow({ item, progress }: { item: OutboxItem; progress: UploadProgress | undefined }) {
  const { retrySend, discardSend } = useActions()
  const uploading = item.kind === 'file' && (item.state === 'sending' || item.state === 'queued')
  // A text still waiting for the connection can be taken back; once on the wire it cannot.
  const cancellable = uploading || item.state === 'queued'
  return (
    <div className={`message is-mine is-pending ${item.state === 'failed' ? 'is-failed' : ''}`}>
      <div className="bubble">
        {item.kind === 'file' && <UploadCard item={item} progress={progress} />}
        <MessageText text={item.text} />
        <span className="message-meta">
          <MessageStatus state={item.state} />
          {item.state === 'queued' && <span>Waiting for connection</span>}
          {item.state === 'sending' && !uploading && <span>Sending…</span>}
        </span>
        {item.state === 'failed' && (
          <div className="pending-failure">
            <span role="alert">{item.error ?? 'Not sent.'}</span>
            <span className="pending-actions">
              <button type="button" className="button button-small" onClick={() => void retrySend(item.clientId)}>Retry</button>
              <button type="button" className="button button-small" onClick={() => void discardSend(item.clientId)}>Discard</button>
            </span>
          </div>
        )}
        {cancellable && (
          <div className="pending-actions">
            <button type="button" className="button button-small" onClick={() => void discardSend(item.clientId)}>Cancel</button>
          </div>
        )}
      </div>
    </div>
  )
})
