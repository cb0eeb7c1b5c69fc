import type { ReplyRef } from '../../src-shared/protocol/types'
import { displayName } from '../conversations/conversationTitle'
import { useActions } from '../store/StoreProvider'

/** The answered message above a reply; a click brings it into view (loading history around it when needed). */
export function ReplyQuote({ conversationId, reply }: { conversationId: number; reply: ReplyRef }) {
  const { showMessage } = useActions()
  const name = displayName(reply.sender)
  return (
    <button type="button" className="reply-quote" title="Show the original message"
      onClick={() => void showMessage(conversationId, reply.id)}>
      <span className="visually-hidden">In reply to </span>
      <span className="reply-sender">{name}</span>
      <span className={`reply-snippet ${reply.deleted ? 'is-deleted' : ''}`}>{reply.deleted ? 'Message deleted' : reply.snippet}</span>
    </button>
  )
}
