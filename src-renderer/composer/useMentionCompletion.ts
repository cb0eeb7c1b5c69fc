// "@" in the message box offers the conversation's participants: arrows move, Enter or Tab
// inserts "@Full Name ", Esc closes. The box stays a textbox (aria-autocomplete, the
// listbox it controls and the active option), the ARIA pattern for a multi-line editor.
import { useId, useState } from 'react'
import type { KeyboardEvent, RefObject } from 'react'
import type { User } from '../../src-shared/protocol/types'
import { insertMention, matchParticipants, mentionQuery } from '../messages/mentions'

/** Most names listed at once; typing more narrows them. */
const MAX_OPTIONS = 8

export function useMentionCompletion({ people, enabled, text, setText, inputRef }: {
  people: readonly User[]
  enabled: boolean
  text: string
  setText: (text: string) => void
  inputRef: RefObject<HTMLTextAreaElement | null>
}) {
  const listId = useId()
  const [caret, setCaret] = useState(0)
  const [active, setActive] = useState(0)
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)
  const query = enabled ? mentionQuery(text, caret) : null
  const options = query && query.start !== dismissedAt ? matchParticipants(people, query.query).slice(0, MAX_OPTIONS) : []
  const open = options.length > 0
  const current = Math.min(active, options.length - 1)

  /** After every change of text or caret. */
  function track(element: HTMLTextAreaElement) {
    setCaret(element.selectionStart)
    const next = mentionQuery(element.value, element.selectionStart)
    if (next?.start !== query?.start) setActive(0)
    if (dismissedAt !== null && next?.start !== dismissedAt) setDismissedAt(null)
  }

  function choose(person: User) {
    if (!query) return
    const result = insertMention(text, query.start, caret, person)
    setText(result.text)
    setCaret(result.caret)
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(result.caret, result.caret))
  }

  /** Handles the key when the list is open; true when it did. */
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || event.nativeEvent.isComposing) return false
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      setActive((current + (event.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length)
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      choose(options[current]!)
    } else if (event.key === 'Escape') {
      setDismissedAt(query!.start)
    } else {
      return false
    }
    event.preventDefault()
    event.stopPropagation()
    return true
  }

  const optionId = (person: User) => `${listId}-${person.id}`
  return {
    open,
    options,
    current,
    listId,
    optionId,
    choose,
    track,
    onKeyDown,
    /** For the textbox. */
    inputProps: {
      'aria-autocomplete': enabled ? ('list' as const) : undefined,
      'aria-controls': open ? listId : undefined,
      'aria-activedescendant': open ? optionId(options[current]!) : undefined,
    },
  }
}
