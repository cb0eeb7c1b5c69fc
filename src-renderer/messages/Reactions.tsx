import type { Message, User } from '../../src-shared/protocol/types'
import { displayName } from '../conversations/conversationTitle'
import { useActions } from '../store/StoreProvider'

/** "you", "Ada Lovelace", "Ada Lovelace and you", "Ada Lovelace, Bob Babbage and you". */
export function reactorNames(userIds: readonly number[], people: readonly User[], meId: number): string {
  const names = userIds.filter((id) => id !== meId).map((id) => {
    const person = people.find((user) => user.id === id)
    return person ? displayName(person) : 'someone who left'
  })
  if (userIds.includes(meId)) names.push('you')
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** Chips under a message: emoji and count, who in the tooltip and the name; one's own pressed, a click toggles it. */
export function Reactions({ message, people, meId, enabled }: {
  message: Message
  people: readonly User[]
  meId: number
  /** The server offers reactions: the chips toggle. */
  enabled: boolean
}) {
  const { react } = useActions()
  const reactions = message.reactions?.filter((reaction) => reaction.user_ids.length > 0) ?? []
  if (reactions.length === 0) return null
  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {reactions.map((reaction) => {
        const mine = reaction.user_ids.includes(meId)
        const who = reactorNames(reaction.user_ids, people, meId)
        return (
          <button key={reaction.emoji} type="button" className={`reaction-chip ${mine ? 'is-mine' : ''}`} aria-pressed={mine}
            aria-label={`${reaction.emoji} ${reaction.user_ids.length}: ${who}`} title={`${who} reacted with ${reaction.emoji}`}
            disabled={!enabled} onClick={() => void react(message.conversation, message.id, reaction.emoji, !mine)}>
            <span aria-hidden="true">{reaction.emoji}</span>
            <span aria-hidden="true" className="reaction-count">{reaction.user_ids.length}</span>
          </button>
        )
      })}
    </div>
  )
}
