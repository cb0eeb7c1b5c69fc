import type { Conversation, User } from '../../src-shared/protocol/types'

export function displayName(user: Pick<User, 'full_name' | 'email'>): string {
  return user.full_name.trim() || user.email
}

/** The people in a conversation other than the signed-in user. */
export function otherParticipants(conversation: Conversation, meId: number): User[] {
  return conversation.participants.filter((user) => user.id !== meId)
}

/** Title, else the other person (1:1), else the others' names; never empty. */
export function conversationTitle(conversation: Conversation, meId: number): string {
  if (conversation.title.trim()) return conversation.title.trim()
  if (conversation.other_user) return displayName(conversation.other_user)
  const others = otherParticipants(conversation, meId)
  if (others.length === 0) return 'Just you'
  return others.map(displayName).join(', ')
}

export function isGroup(conversation: Conversation): boolean {
  return conversation.participants.length > 2
}

/** Activity time used to sort the list: last message, else creation. */
export function activityTime(conversation: Conversation): number {
  const stamp = Date.parse(conversation.last_message_at ?? conversation.created_at)
  return Number.isNaN(stamp) ? 0 : stamp
}

export function sortByActivity(conversations: readonly Conversation[]): Conversation[] {
  return [...conversations].sort((a, b) => activityTime(b) - activityTime(a) || b.id - a.id)
}

export function matchesFilter(conversation: Conversation, meId: number, filter: string): boolean {
  const needle = filter.trim().toLocaleLowerCase()
  if (!needle) return true
  const haystack = [
    conversationTitle(conversation, meId),
    ...conversation.participants.flatMap((user) => [user.full_name, user.email]),
    conversation.last_message_preview,
  ].join('\n').toLocaleLowerCase()
  return haystack.includes(needle)
}

export function initials(name: string): string {
  const parts = name.replace(/@.*/, '').split(/[\s._-]+/).filter(Boolean)
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0], parts[0]?.[1]]
  return letters.filter(Boolean).join('').toLocaleUpperCase() || '?'
}
