import { previewOf } from '../../src-shared/client/conversation-book'
import type { Message } from '../../src-shared/protocol/types'
import { displayName } from '../conversations/conversationTitle'
import { CloseIcon, ReplyIcon } from '../ui/icons'

/** Above the message box while answering a message: who and what, and a way out (Esc too). */
export function ReplyBar({ message, onCancel }: { message: Message; onCancel: () => void }) {
  return (
    <div className="reply-bar" role="group" aria-label="Reply">
      <ReplyIcon size={16} />
      <div className="reply-bar-text">
        <span className="reply-bar-title">Replying to {displayName(message.sender)}</span>
        <span className="reply-bar-snippet">{previewOf(message)}</span>
      </div>
      <button type="button" className="icon-button" aria-label="Cancel reply" title="Cancel reply (Esc)" onClick={onCancel}>
        <CloseIcon size={16} />
      </button>
    </div>
  )
}
