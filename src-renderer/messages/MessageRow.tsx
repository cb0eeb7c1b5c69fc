import { memo, useDeferredValue } from 'react'
import type { OutboxItem, UploadProgress } from '../../src-shared/ipc/contract'
import { previewOf } from '../../src-shared/client/conversation-book'
import type { Message, User } from '../../src-shared/protocol/types'
import { displayName } from '../conversations/conversationTitle'
import { formatClockTime } from '../conversations/relativeTime'
import { FileAttachmentView } from '../files/FileAttachmentView'
import { UploadCard } from '../files/UploadCard'
import { useChatFeatures } from '../store/features'
import { useActions, useApp } from '../store/StoreProvider'
import { Avatar } from '../ui/Avatar'
import { EditBox } from './EditBox'
import { MessageActions } from './MessageActions'
import { MessageStatus } from './MessageStatus'
import { MessageText } from './MessageText'
import { PendingActions } from './PendingActions'
import { Reactions } from './Reactions'
import { ReplyQuote } from './ReplyQuote'

const NOBODY: User[] = []
const NO_ACTIONS: OutboxItem[] = []

export const MessageRow = memo(function MessageRow({ message, mine, showSender, continued, group, actions = NO_ACTIONS, focused = false }: {
  message: Message
  mine: boolean
  showSender: boolean
  continued: boolean
  group: boolean
  /** Edits, deletions and reactions on this message still in the outbox. */
  actions?: OutboxItem[]
  /** Brought into view from a search result or a reply: highlighted. */
  focused?: boolean
}) {
  const sender = displayName(message.sender)
  const meId = useApp((state) => state.session?.user.id ?? 0)
  const people = useApp((state) => state.conversations[message.conversation]?.participants ?? NOBODY)
  const editing = useApp((state) => state.editing?.messageId === message.id)
  const features = useChatFeatures()
  const deleted = message.deleted === true
  // An edit on its way shows its text at once; "Saving…" below says it is not confirmed yet.
  const pendingEdit = actions.findLast((item) => item.kind === 'edit' && item.state !== 'failed')
  const text = pendingEdit ? pendingEdit.text : message.content
  const mentioned = message.mentions?.length ? people.filter((person) => message.mentions!.includes(person.id)) : NOBODY
  const others = people.filter((person) => person.id !== meId)
  // The actions toolbar is invisible until hover or focus, yet on every row it about doubled
  // the DOM a row mounts and lays out: about half of the ~20 ms the open of a conversation
  // lost with the chat features (docs/benchmarks.md, UI). A row first paints without it; a
  // deferred render adds it a moment later, long before a pointer or Tab can reach it.
  const withActions = useDeferredValue(true, false)
  return (
    <div className={`message ${mine ? 'is-mine' : 'is-theirs'} ${continued ? 'is-continued' : ''} ${focused ? 'is-focused' : ''} ${deleted ? 'is-deleted' : ''}`}
      data-message-id={message.id}>
      {group && !mine && (continued ? <span className="avatar-spacer" /> : <Avatar name={sender} size="sm" />)}
      <div className="bubble-column">
        <div className="bubble">
          {showSender && <span className="message-sender">{sender}</span>}
          {!mine && !showSender && <span className="visually-hidden">{sender}: </span>}
          {message.reply_to && !deleted && <ReplyQuote conversationId={message.conversation} reply={message.reply_to} />}
          {deleted ? <p className="message-text message-deleted">Message deleted</p> : (
            <>
              {message.message_type === 'file' && <FileAttachmentView message={message} />}
              {editing
                ? <EditBox message={message} people={others} withMentions={features.mentions} />
                : <MessageText text={text} mentioned={mentioned} meId={meId} />}
            </>
          )}
          <span className="message-meta">
            {message.edited_at && !deleted && <span className="edited-mark" title={`Edited ${formatClockTime(message.edited_at)}`}>edited</span>}
            <time dateTime={message.created_at}>{formatClockTime(message.created_at)}</time>
            {mine && <MessageStatus state={message.is_read ? 'read' : 'sent'} />}
          </span>
        </div>
        {!deleted && <Reactions message={message} people={people} meId={meId} enabled={features.reactions} />}
        {actions.length > 0 && <PendingActions items={actions} />}
      </div>
      {withActions && !deleted && !editing && <MessageActions message={message} mine={mine} meId={meId} features={features} />}
    </div>
  )
})

/** A send main has not confirmed yet: sending, queued offline, uploading, or failed. */
export const PendingRow = memo(function PendingRow({ item, progress }: { item: OutboxItem; progress: UploadProgress | undefined }) {
  const { retrySend, discardSend } = useActions()
  // A reply on its way quotes its original as the composer did (when it is still loaded).
  const original = useApp((state) => (item.replyTo === null ? undefined
    : state.histories[item.conversationId]?.messages.find((message) => message.id === item.replyTo)))
  const uploading = item.kind === 'file' && (item.state === 'sending' || item.state === 'queued')
  // A text still waiting for the connection can be taken back; once on the wire it cannot.
  const cancellable = uploading || item.state === 'queued'
  return (
    <div className={`message is-mine is-pending ${item.state === 'failed' ? 'is-failed' : ''}`}>
      <div className="bubble">
        {original && (
          <ReplyQuote conversationId={item.conversationId}
            reply={{ id: original.id, sender: original.sender, snippet: previewOf(original), deleted: original.deleted === true }} />
        )}
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
