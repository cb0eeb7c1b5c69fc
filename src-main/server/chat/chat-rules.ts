// What a chat write may do, decided once for both storage engines. An engine
// (storage/sqlite, storage/postgres) reads the rows a rule needs inside its transaction,
// asks here, and applies the answer: the rules are pure, so SQLite and PostgreSQL cannot
// disagree about who may edit what.
import type { User } from '../../../src-shared/protocol/types'
import type { MessageRecord } from '../db/messages-repo'
import { CHAT_LIMITS } from '../limits'

/** A request refused for a reason the client can act on: its message is the error frame's text. Nothing was stored. */
export class ChatRefusal extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ChatRefusal'
  }
}

/** An edit, deletion or reaction (docs/protocol.md "Actions on a sent message"). */
export type MessageAction =
  | { kind: 'edit'; content: string; mentions: readonly number[] | null }
  | { kind: 'delete' }
  | { kind: 'react'; emoji: string; on: boolean }

export interface ActionInput {
  conversationId: number
  actor: User
  messageId: number
  /** Exactly once per (actor, clientId). */
  clientId: string | null
  action: MessageAction
}

/** Refuses a reply whose target is missing, in another conversation, or deleted. */
export function checkReplyTarget(target: MessageRecord | null, conversationId: number): void {
  if (!target || target.conversationId !== conversationId) throw new ChatRefusal('reply_to must be a message of this conversation')
  if (target.deleted) throw new ChatRefusal('You cannot reply to a deleted message')
}

/** The mentioned ids that are participants, each once, in the order given. */
export function participantsAmong(participantIds: readonly number[], ids: readonly number[]): number[] {
  if (ids.length === 0) return []
  const participants = new Set(participantIds)
  return [...new Set(ids)].filter((id) => participants.has(id))
}

/** What an action does to its message, once allowed. */
export type ActionPlan =
  | { kind: 'edit'; content: string; mentions: readonly number[] | null }
  | { kind: 'delete' }
  /** Deleting a deleted message: nothing changes, the actor hears back. */
  | { kind: 'none' }
  | { kind: 'react'; emoji: string; on: boolean }

/** Decides an action on `record` (the message as stored now, or null); throws ChatRefusal when it is not allowed. */
export function planAction(record: MessageRecord | null, input: ActionInput): ActionPlan {
  const { actor, action } = input
  if (!record || record.conversationId !== input.conversationId) throw new ChatRefusal('Message not found')
  switch (action.kind) {
    case 'edit':
      if (record.sender.id !== actor.id) throw new ChatRefusal('You can only edit your own messages')
      if (record.deleted) throw new ChatRefusal('This message was deleted')
      // A file's caption may become empty; a text message may not.
      if (record.messageType === 'text' && action.content.trim() === '') throw new ChatRefusal('Message content is required')
      return { kind: 'edit', content: action.content, mentions: action.mentions }
    case 'delete':
      if (record.sender.id !== actor.id) throw new ChatRefusal('You can only delete your own messages')
      return record.deleted ? { kind: 'none' } : { kind: 'delete' }
    case 'react':
      if (record.deleted) throw new ChatRefusal('This message was deleted')
      return { kind: 'react', emoji: action.emoji, on: action.on }
  }
}

/** After a reaction was added: refuses (the engine rolls the action back) when the actor now has too many on the message. */
export function checkReactionCount(reactionsByActor: number): void {
  if (reactionsByActor > CHAT_LIMITS.maxReactionsPerPerson) {
    throw new ChatRefusal(`Too many reactions (max ${CHAT_LIMITS.maxReactionsPerPerson} per person on a message)`)
  }
}

/** Whether list sockets must hear of a new preview: an edit or deletion of the conversation's last message. */
export function changesPreview(kind: MessageAction['kind'], messageId: number, lastMessageId: number | null): boolean {
  return kind !== 'react' && lastMessageId === messageId
}
