// Chat writes (ChatStore) on PostgreSQL, batched by the committer (batch-committer.ts).
// Each write reads what the shared rules (chat/chat-rules.ts) need, asks them, then writes:
// - post: one statement in the common case (file row, message, mentions in CTEs); the
//   (sender, client_id) unique constraint makes it exactly once across nodes: ON CONFLICT
//   DO NOTHING waits for a racing node's transaction and then yields to its row, which is
//   read back. Conversation previews (last_message_*) are set once per batch, the
//   conversations locked in id order so two nodes' batches cannot deadlock on them.
// - act: the message row is locked (FOR UPDATE) before anything is checked, so edits,
//   deletions and reactions on one message are serialized across nodes, and a resend that
//   raced to another node finds the first one's message_actions row.
// - the revision is drawn from revision_seq.
import type { User } from '../../../../src-shared/protocol/types'
import {
  changesPreview, checkReactionCount, checkReplyTarget, participantsAmong, planAction, type ActionInput,
} from '../../chat/chat-rules'
import type { ChatStore, CommitOutcome, MessageRecord, NewMessage, PostOutcome, ReadOutcome, UpdateOutcome } from '../storage'
import type pg from 'pg'
import { BatchCommitter, type BatchWork } from './batch-committer'
import { participantIds } from './conversations'
import { searchWords } from './message-rows'
import { getMessage, messageByClientId } from './messages'

const POST = `
  WITH att AS (
    INSERT INTO attachments (stored_path, filename, file_size, file_type, uploaded_at)
    SELECT $9::text, $10::text, $11::bigint, $12::text, $13::text WHERE $9::text IS NOT NULL
    RETURNING id
  ), ins AS (
    INSERT INTO messages (conversation_id, sender_id, content, message_type, created_at, client_id, attachment_id, reply_to, search)
    VALUES ($1, $2, $3, $4, $5, $6, (SELECT id FROM att), $7, array_to_tsvector($8::text[]))
    ON CONFLICT (sender_id, client_id) DO NOTHING
    RETURNING id
  ), men AS (
    INSERT INTO message_mentions (message_id, position, user_id)
    SELECT ins.id, t.ord - 1, t.uid FROM ins, unnest($14::bigint[]) WITH ORDINALITY AS t(uid, ord)
  )
  SELECT (SELECT id FROM ins) AS id, (SELECT id FROM att) AS attachment_id`

const NEXT_REVISION = "nextval('revision_seq')"

/** The newest message each conversation got in this batch, written once before COMMIT. */
class Previews {
  private readonly latest = new Map<number, { id: number; at: string }>()

  constructor(private readonly tx: BatchWork) {
    tx.beforeCommit(() => this.flush())
  }

  touch(conversationId: number, id: number, at: string): void {
    const known = this.latest.get(conversationId)
    if (!known || known.id < id) this.latest.set(conversationId, { id, at })
  }

  async flush(): Promise<void> {
    if (this.latest.size === 0) return
    const entries = [...this.latest].sort(([a], [b]) => a - b)
    this.latest.clear()
    const ids = entries.map(([id]) => id)
    if (ids.length > 1) await this.tx.query('SELECT id FROM conversations WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE', [ids])
    // Another node may have committed a newer message meanwhile: the preview never goes back.
    await this.tx.query(
      `UPDATE conversations c SET last_message_id = v.mid, last_message_at = v.at
         FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS v(cid, mid, at)
        WHERE c.id = v.cid AND (c.last_message_id IS NULL OR c.last_message_id < v.mid)`,
      [ids, entries.map(([, e]) => e.id), entries.map(([, e]) => e.at)],
    )
  }
}

export class PgChatStore implements ChatStore {
  private readonly committer: BatchCommitter<CommitOutcome>
  private readonly previews = new WeakMap<BatchWork, Previews>()

  constructor(pool: pg.Pool) {
    this.committer = new BatchCommitter<CommitOutcome>(pool)
  }

  post(input: NewMessage): Promise<PostOutcome> {
    return this.committer.submit((tx) => this.write(tx, input))
  }

  act(input: ActionInput): Promise<UpdateOutcome> {
    return this.committer.submit((tx) => this.apply(tx, input))
  }

  markRead(conversationId: number, reader: User): Promise<ReadOutcome> {
    return this.committer.submit(async (tx): Promise<ReadOutcome> => {
      const { rowCount } = await tx.query(
        'UPDATE messages SET is_read = 1 WHERE conversation_id = $1 AND is_read = 0 AND sender_id <> $2', [conversationId, reader.id],
      )
      return { kind: 'read', conversationId, reader, marked: rowCount ?? 0 }
    })
  }

  onCommitted(listener: (outcomes: readonly CommitOutcome[]) => void): void {
    this.committer.onCommitted(listener)
  }

  drained(): Promise<void> {
    return this.committer.drained()
  }

  private previewsOf(tx: BatchWork): Previews {
    let previews = this.previews.get(tx)
    if (!previews) {
      previews = new Previews(tx)
      this.previews.set(tx, previews)
    }
    return previews
  }

  private async write(tx: BatchWork, input: NewMessage): Promise<PostOutcome> {
    let target: MessageRecord | null = null
    if (input.replyTo !== null) {
      // A resend is answered with what was stored, even if its reply target is gone since.
      const existing = input.clientId === null ? null : await messageByClientId(tx, input.sender.id, input.clientId)
      if (existing) return { kind: 'message', message: existing, created: false }
      target = await getMessage(tx, input.replyTo)
      checkReplyTarget(target, input.conversationId)
    }
    const mentions = input.mentions.length === 0 ? [] : participantsAmong(await participantIds(tx, input.conversationId), input.mentions)
    const createdAt = new Date().toISOString()
    const a = input.attachment
    const messageType = a ? 'file' : 'text'
    const { rows } = await tx.query<{ id: number | null; attachment_id: number | null }>(POST, [
      input.conversationId, input.sender.id, input.content, messageType, createdAt, input.clientId, input.replyTo,
      searchWords(input.content, a?.filename ?? null),
      a?.storedPath ?? null, a?.filename ?? null, a?.size ?? null, a?.mimeType ?? null, a?.uploadedAt ?? null,
      mentions,
    ])
    const row = rows[0] as { id: number | null; attachment_id: number | null }
    if (row.id === null) {
      // (sender, client_id) is stored already (by this batch or any node): that one stands.
      if (row.attachment_id !== null) await tx.query('DELETE FROM attachments WHERE id = $1', [row.attachment_id])
      const existing = await messageByClientId(tx, input.sender.id, input.clientId as string)
      if (!existing) throw new Error(`Message ${input.sender.id}/${String(input.clientId)} conflicted but cannot be read`)
      return { kind: 'message', message: existing, created: false }
    }
    this.previewsOf(tx).touch(input.conversationId, row.id, createdAt)
    return {
      kind: 'message',
      created: true,
      message: {
        id: row.id,
        conversationId: input.conversationId,
        sender: input.sender,
        content: input.content,
        messageType,
        isRead: false,
        createdAt,
        clientId: input.clientId,
        attachment: a && row.attachment_id !== null ? { ...a, id: row.attachment_id } : null,
        editedAt: null,
        deleted: false,
        revision: 0,
        replyTo: target && {
          id: target.id, sender: target.sender, content: target.content, filename: target.attachment?.filename ?? null, deleted: target.deleted,
        },
        reactions: [],
        mentions,
      },
    }
  }

  private async apply(tx: BatchWork, input: ActionInput): Promise<UpdateOutcome> {
    const { actor, clientId, action } = input
    const unchanged = (message: MessageRecord): UpdateOutcome =>
      ({ kind: 'update', message, clientId, changed: false, previewChanged: false, removedFile: null })
    // Lock first: the action check below then sees whatever a racing node committed.
    const { rows: locked } = await tx.query('SELECT id FROM messages WHERE id = $1 FOR UPDATE', [input.messageId])
    if (clientId !== null) {
      const { rows } = await tx.query<{ message_id: number }>(
        'SELECT message_id FROM message_actions WHERE sender_id = $1 AND client_id = $2', [actor.id, clientId],
      )
      const done = rows[0] ? await getMessage(tx, rows[0].message_id) : null
      if (done) return unchanged(done)
    }
    const record = locked.length > 0 ? await getMessage(tx, input.messageId) : null
    const plan = planAction(record, input)
    const message = record as MessageRecord
    const now = new Date().toISOString()
    let removedFile: string | null = null
    let changed = true
    switch (plan.kind) {
      case 'edit': {
        const mentions = plan.mentions === null ? null : participantsAmong(await participantIds(tx, message.conversationId), plan.mentions)
        await tx.query(
          `UPDATE messages SET content = $1, edited_at = $2, revision = ${NEXT_REVISION}, search = array_to_tsvector($3::text[])
            WHERE id = $4`,
          [plan.content, now, searchWords(plan.content, message.attachment?.filename ?? null), message.id],
        )
        if (mentions) {
          await tx.query('DELETE FROM message_mentions WHERE message_id = $1', [message.id])
          await tx.query(
            `INSERT INTO message_mentions (message_id, position, user_id)
             SELECT $1, t.ord - 1, t.uid FROM unnest($2::bigint[]) WITH ORDINALITY AS t(uid, ord)`, [message.id, mentions],
          )
        }
        break
      }
      case 'delete':
        await tx.query(
          `WITH m AS (
             UPDATE messages SET content = '', message_type = 'text', attachment_id = NULL, deleted_at = $1,
                    revision = ${NEXT_REVISION}, search = ''::tsvector
              WHERE id = $2
           ), a AS (DELETE FROM attachments WHERE id = $3),
              r AS (DELETE FROM reactions WHERE message_id = $2),
              x AS (DELETE FROM message_mentions WHERE message_id = $2)
           SELECT 1`,
          [now, message.id, message.attachment?.id ?? null],
        )
        removedFile = message.attachment?.storedPath ?? null
        break
      case 'none':
        changed = false
        break
      case 'react':
        changed = plan.on ? await this.addReaction(tx, message.id, actor.id, plan.emoji, now) : await this.removeReaction(tx, message.id, actor.id, plan.emoji)
        break
    }
    if (clientId !== null) {
      await tx.query(
        'INSERT INTO message_actions (sender_id, client_id, message_id, kind, created_at) VALUES ($1, $2, $3, $4, $5)',
        [actor.id, clientId, message.id, action.kind, now],
      )
    }
    if (!changed) return unchanged(message)
    const previews = this.previewsOf(tx)
    await previews.flush()
    const { rows } = await tx.query<{ last_message_id: number | null }>('SELECT last_message_id FROM conversations WHERE id = $1', [message.conversationId])
    return {
      kind: 'update',
      message: await getMessage(tx, message.id) as MessageRecord,
      clientId,
      changed,
      previewChanged: changesPreview(action.kind, message.id, rows[0]?.last_message_id ?? null),
      removedFile,
    }
  }

  /** Adds a reaction (checked against the per-person limit before anything is written); false when it was there. */
  private async addReaction(tx: BatchWork, messageId: number, userId: number, emoji: string, at: string): Promise<boolean> {
    const { rows } = await tx.query<{ n: number; present: boolean | null }>(
      'SELECT count(*) AS n, bool_or(emoji = $3) AS present FROM reactions WHERE message_id = $1 AND user_id = $2', [messageId, userId, emoji],
    )
    const mine = rows[0] as { n: number; present: boolean | null }
    if (mine.present) return false
    checkReactionCount(mine.n + 1)
    await tx.query(
      `WITH added AS (INSERT INTO reactions (message_id, user_id, emoji, created_at) VALUES ($1, $2, $3, $4))
       UPDATE messages SET revision = ${NEXT_REVISION} WHERE id = $1`, [messageId, userId, emoji, at],
    )
    return true
  }

  private async removeReaction(tx: BatchWork, messageId: number, userId: number, emoji: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      `WITH removed AS (DELETE FROM reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3 RETURNING 1)
       UPDATE messages SET revision = ${NEXT_REVISION} WHERE id = $1 AND EXISTS (SELECT 1 FROM removed)`, [messageId, userId, emoji],
    )
    return (rowCount ?? 0) > 0
  }
}
