import { useState } from 'react'
import type { KeyboardEvent } from 'react'
import type { Message, User } from '../../src-shared/protocol/types'
import { focusComposer } from '../composer/focusComposer'
import { useActions } from '../store/StoreProvider'
import { mentionedIds } from './mentions'

/** Editing one's message in place: Enter saves, Shift+Enter a new line, Esc cancels. */
export function EditBox({ message, people, withMentions }: {
  message: Message
  /** Who may be mentioned (the other participants). */
  people: readonly User[]
  withMentions: boolean
}) {
  const { editMessage, stopEdit } = useActions()
  const [text, setText] = useState(message.content)
  // A text message needs words; a file's caption may be emptied.
  const empty = text.trim() === '' && message.message_type !== 'file'

  function save() {
    const next = text.trim()
    if (empty) return
    if (next === message.content.trim()) stopEdit()
    else void editMessage(message.conversation, message.id, next, withMentions ? mentionedIds(next, people) : undefined)
    focusComposer()
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      save()
    } else if (event.key === 'Escape') {
      // Not prevented: the window's Esc then returns focus to the message box.
      stopEdit()
    }
  }

  return (
    <div className="edit-box">
      <textarea aria-label="Edit message" value={text} autoFocus rows={1}
        onFocus={(event) => event.currentTarget.setSelectionRange(event.currentTarget.value.length, event.currentTarget.value.length)}
        onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} />
      <div className="edit-actions">
        <span className="edit-hint">{empty ? 'A message needs some text. Delete it instead?' : 'Enter to save, Esc to cancel'}</span>
        <button type="button" className="button button-small" onClick={() => { stopEdit(); focusComposer() }}>Cancel</button>
        <button type="button" className="button button-small button-primary" disabled={empty} onClick={save}>Save</button>
      </div>
    </div>
  )
}
