import { useApp } from '../store/StoreProvider'
import type { TypingPerson } from '../store/state'

const NOBODY: TypingPerson[] = []

export function typingText(people: readonly TypingPerson[]): string {
  if (people.length === 0) return ''
  if (people.length === 1) return `${people[0]!.name} is typing…`
  return `${people.length} people are typing…`
}

export function TypingIndicator({ conversationId }: { conversationId: number }) {
  const people = useApp((state) => state.typing[conversationId] ?? NOBODY)
  const text = typingText(people)
  return (
    <div className="typing-indicator" aria-live="polite">
      {text && <><span className="typing-dots" aria-hidden="true"><span /><span /><span /></span>{text}</>}
    </div>
  )
}
