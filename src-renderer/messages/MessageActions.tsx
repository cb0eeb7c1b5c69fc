import { useState } from 'react'
import type { Message } from '../../src-shared/protocol/types'
import type { ChatFeatures } from '../store/features'
import { useActions } from '../store/StoreProvider'
import { Modal } from '../ui/Modal'
import { PencilIcon, ReplyIcon, SmileIcon, TrashIcon } from '../ui/icons'
import { ReactionPicker } from './ReactionPicker'

/**
 * Reply, React, Edit and Delete on one message: shown on hover and when focus is inside
 * the message; each only when the server offers it, Edit and Delete only on one's own.
 */
export function MessageActions({ message, mine, meId, features }: {
  message: Message
  mine: boolean
  meId: number
  features: ChatFeatures
}) {
  const { startReply, startEdit, deleteMessage, react } = useActions()
  const [open, setOpen] = useState<'none' | 'picker' | 'delete'>('none')
  const canEdit = mine && features.edit
  const canDelete = mine && features.delete
  if (!features.reply && !features.reactions && !canEdit && !canDelete) return null
  const myEmoji = new Set(message.reactions?.filter((reaction) => reaction.user_ids.includes(meId)).map((reaction) => reaction.emoji))
  const close = () => setOpen('none')

  return (
    <div className="message-actions" role="group" aria-label="Message actions">
      {features.reply && (
        <button type="button" className="icon-button" aria-label="Reply" title="Reply" onClick={() => startReply(message)}>
          <ReplyIcon size={16} />
        </button>
      )}
      {features.reactions && (
        <button type="button" className="icon-button" aria-label="React" title="React" aria-haspopup="dialog" onClick={() => setOpen('picker')}>
          <SmileIcon size={16} />
        </button>
      )}
      {canEdit && (
        <button type="button" className="icon-button" aria-label="Edit" title="Edit (Up arrow in an empty message box)"
          onClick={() => startEdit(message.conversation, message.id)}>
          <PencilIcon size={16} />
        </button>
      )}
      {canDelete && (
        <button type="button" className="icon-button" aria-label="Delete" title="Delete" aria-haspopup="dialog" onClick={() => setOpen('delete')}>
          <TrashIcon size={16} />
        </button>
      )}
      {open === 'picker' && (
        <ReactionPicker mine={myEmoji} onClose={close}
          onPick={(emoji) => void react(message.conversation, message.id, emoji, !myEmoji.has(emoji))} />
      )}
      {open === 'delete' && (
        <Modal title="Delete message" onClose={close}>
          <div className="modal-body">
            <h2>Delete this message?</h2>
            <p className="muted">It is deleted for everyone in the conversation. Its file, if any, is removed from the server.</p>
            <div className="modal-actions">
              <button type="button" className="button" autoFocus onClick={close}>Cancel</button>
              <button type="button" className="button button-danger" onClick={() => { close(); void deleteMessage(message.conversation, message.id) }}>
                Delete
              </button>
            </div>
          </div>
        </Modal>
      )}
    </div>
  )
}
