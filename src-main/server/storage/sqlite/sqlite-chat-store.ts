// The SQLite engine's chat writes: posts, actions and read marks, each in its own savepoint
// of a group-commit batch (group-commit.ts), decided by the shared rules (chat/chat-rules.ts).
// Every check reads the state the write applies to, inside the same transaction.
import type { User } from '../../../../src-shared/protocol/types'
import {
  changesPreview, checkReactionCount, checkReplyTarget, participantsAmong, planAction, type ActionInput,
} from '../../chat/chat-rules'
import type { ConversationsRepo } from '../../db/conversations-repo'
import type { MessageRecord, MessagesRepo, NewMessage } from '../../db/messages-repo'
import type { Db } from '../../db/open-database'
import type { ChatStore, CommitOutcome, PostOutcome, ReadOutcome, UpdateOutcome } from '../storage'
import { GroupCommitter, type DurableSync } from './group-commit'

export class SqliteChatStore implements ChatStore {
  private readonly committer: GroupCommitter<CommitOutcome>
  private listener: ((outcomes: readonly CommitOutcome[]) => void) | null = null

  /** `walSync`: the WAL fsync off the event loop; null commits synchronously (non-WAL files). */
  constructor(
    db: Db,
    private readonly messages: MessagesRepo,
    private readonly conversations: ConversationsRepo,
    walSync: DurableSync | null,
  ) {
    this.committer = new GroupCommitter<CommitOutcome>(db, walSync, (outcomes) => this.listener?.(outcomes))
  }

  post(input: NewMessage): Promise<PostOutcome> {
    return this.committer.submit(() => this.write(input))
  }

  act(input: ActionInput): Promise<UpdateOutcome> {
    return this.committer.submit(() => this.apply(input))
  }

  markRead(conversationId: number, reader: User): Promise<ReadOutcome> {
    return this.committer.submit((): ReadOutcome => ({
      kind: 'read', conversationId, reader, marked: this.conversations.markRead(conversationId, reader.id),
    }))
  }

  onCommitted(listener: (outcomes: readonly CommitOutcome[]) => void): void {
    if (this.listener) throw new Error('ChatStore.onCommitted is set once')
    this.listener = listener
  }

  drained(): Promise<void> {
    return this.committer.drained()
  }

  /** Storage.readDurable: see GroupCommitter.whenDurable for why an async read stays safe. */
  whenDurable<T>(read: () => Promise<T>): Promise<T> {
    return this.committer.whenDurable(read)
  }

  private write(input: NewMessage): PostOutcome {
    const existing = input.clientId ? this.messages.findByClientId(input.sender.id, input.clientId) : null
    if (existing) return { kind: 'message', message: existing, created: false }
    if (input.replyTo !== null) checkReplyTarget(this.messages.get(input.replyTo), input.conversationId)
    // Most messages mention nobody: no participant lookup for them.
    const mentions = input.mentions.length === 0
      ? []
      : participantsAmong(this.conversations.participantIds(input.conversationId), input.mentions)
    const record = this.messages.insert({ ...input, mentions }, new Date().toISOString())
    this.conversations.touchLastMessage(record.conversationId, record.id, record.createdAt)
    return { kind: 'message', message: record, created: true }
  }

  private apply(input: ActionInput): UpdateOutcome {
    const { actor, clientId, action } = input
    const unchanged = (message: MessageRecord): UpdateOutcome =>
      ({ kind: 'update', message, clientId, changed: false, previewChanged: false, removedFile: null })
    if (clientId !== null) {
      const done = this.messages.actionTarget(actor.id, clientId)
      const message = done === null ? null : this.messages.get(done)
      if (message) return unchanged(message)
    }
    const record = this.messages.get(input.messageId)
    const plan = planAction(record, input)
    const target = record as MessageRecord // planAction refused a missing one
    const now = new Date().toISOString()
    let removedFile: string | null = null
    let changed = true
    switch (plan.kind) {
      case 'edit': {
        const mentions = plan.mentions === null
          ? null
          : participantsAmong(this.conversations.participantIds(target.conversationId), plan.mentions)
        this.messages.edit(target.id, plan.content, mentions, now, this.messages.nextRevision())
        break
      }
      case 'delete':
        removedFile = this.messages.markDeleted(target, now, this.messages.nextRevision())
        break
      case 'none':
        changed = false
        break
      case 'react':
        changed = this.messages.react(target.id, actor.id, plan.emoji, plan.on, now)
        if (changed && plan.on) checkReactionCount(this.messages.reactionsBy(target.id, actor.id))
        if (changed) this.messages.touchRevision(target.id, this.messages.nextRevision())
        break
    }
    if (clientId !== null) this.messages.recordAction(actor.id, clientId, target.id, action.kind, now)
    if (!changed) return unchanged(target)
    return {
      kind: 'update',
      message: this.messages.get(target.id) as MessageRecord,
      clientId,
      changed,
      previewChanged: changesPreview(action.kind, target.id, this.conversations.lastMessageId(target.conversationId)),
      removedFile,
    }
  }
}
