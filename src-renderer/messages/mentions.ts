// Mentions as text: "@Full Name" in a message names a participant. The composer completes
// names after "@", the send carries the ids of the names still in the text, and a message
// shows the names its `mentions` list holds. Pure, so it is tested without a page.
import type { User } from '../../src-shared/protocol/types'
import { displayName } from '../conversations/conversationTitle'

/** Longest text after "@" still completed (a full name with a space or two). */
const MAX_QUERY = 40

/** The "@…" being typed just before the caret, if any: where it starts and what follows the "@". */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const at = before.lastIndexOf('@')
  if (at < 0 || caret - at - 1 > MAX_QUERY) return null
  // "@" starts a word: not part of an email address.
  if (at > 0 && !/\s/.test(before[at - 1]!)) return null
  const query = before.slice(at + 1)
  if (/[\n@]/.test(query) || query.startsWith(' ')) return null
  return { start: at, query }
}

/** Participants whose name (any word of it) or email starts with the query. */
export function matchParticipants(people: readonly User[], query: string): User[] {
  const needle = query.toLocaleLowerCase()
  return people.filter((person) => {
    const name = displayName(person).toLocaleLowerCase()
    return name.startsWith(needle) || name.split(/\s+/).some((word) => word.startsWith(needle)) ||
      person.email.toLocaleLowerCase().startsWith(needle)
  })
}

/** Text after choosing `person` for the "@query" at `start`; the caret goes after the name and a space. */
export function insertMention(text: string, start: number, caret: number, person: User): { text: string; caret: number } {
  const inserted = `@${displayName(person)} `
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length }
}

/** Ids of the people whose "@Full Name" is in the text (the ones taken out are not sent). */
export function mentionedIds(text: string, people: readonly User[]): number[] {
  return people.filter((person) => text.includes(`@${displayName(person)}`)).map((person) => person.id)
}

export type MentionSegment = { kind: 'text'; text: string } | { kind: 'mention'; text: string; me: boolean }

/** Splits text at the "@Name" of each mentioned person; `meId`'s name is marked. Longest names first. */
export function splitMentions(text: string, mentioned: readonly User[], meId: number): MentionSegment[] {
  const names = mentioned.map((person) => ({ tag: `@${displayName(person)}`, me: person.id === meId }))
    .sort((a, b) => b.tag.length - a.tag.length)
  const segments: MentionSegment[] = []
  let plain = ''
  let index = 0
  while (index < text.length) {
    const hit = text[index] === '@' ? names.find((name) => text.startsWith(name.tag, index)) : undefined
    if (!hit) {
      plain += text[index]
      index += 1
      continue
    }
    if (plain) segments.push({ kind: 'text', text: plain })
    plain = ''
    segments.push({ kind: 'mention', text: hit.tag, me: hit.me })
    index += hit.tag.length
  }
  if (plain) segments.push({ kind: 'text', text: plain })
  return segments
}
