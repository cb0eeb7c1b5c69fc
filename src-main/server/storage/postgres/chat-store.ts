// Chat writes (ChatStore) on PostgreSQL, batched by the committer (batch-committer.ts).
// Each write reads what the shared rules (chat/chat-rules.ts) need, asks them, then writes:
// - post: the (sender, client_id) unique constraint makes it exactly once across nodes:
//   ON CONFLICT DO NOTHING waits for a racing node's transaction and then yields to its
//   row, which is read back. Plain text posts (the hot path) of a batch are one set-based
//   statement, which when they are the whole batch commits by itself: one round trip per
//   batch. A post with a file, reply or mentions is one statement (CTEs) after the reads
//   its rules need. Nothing is written to the conversation's row: its preview is its newest
//   message (conversations.ts), and the row is only held (below).
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
import { BatchCommitter, type BatchWork, type Together } from './batch-committer'
import { newestMessageId, participantIds } from './conversations'
import { SELECT_MESSAGE, searchWords, toRecord, type MessageRow } from './message-rows'
import { getMessage, messageByClientId } from './messages'
import type { Queryable } from './queryable'

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

/**
 * Ids and revisions are drawn only while holding the conversation's row, held until COMMIT:
 * so within a conversation, what commits later has the higher id (and revision) on every
 * node. A client fills a gap with the messages after the newest id it saw (and the changes
 * after the newest revision): a lower id committed after a higher one was visible would be
 * skipped for good. Conversations are taken in id order, so two nodes' batches cannot
 * deadlock on them.
 */
const HOLD_CONVERSATIONS = `SELECT c.id FROM conversations c WHERE c.id = ANY($1::bigint[]) ORDER BY c.id FOR NO KEY UPDATE`

/**
 * Plain text posts of a batch (no file, reply or mentions: nothing to check but the
 * client_id) in one statement. Ids are drawn in submission order first, so each input
 * knows its row, and whether ON CONFLICT skipped it. When they are the whole batch, the
 * statement is its own transaction.
 */
const POST_TEXTS = `
  WITH held AS MATERIALIZED (${HOLD_CONVERSATIONS}
  ), input AS MATERIALIZED (
    -- The sequence is looked up once (an InitPlan): as nextval's argument it was two
    -- catalog lookups a row (about 4 µs of a 35–45 µs row, measured in psql).
    SELECT nextval((SELECT pg_get_serial_sequence('messages', 'id')::regclass)) AS id, t.*
      FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[])
           WITH ORDINALITY AS t(conversation_id, sender_id, content, client_id, words, ord)
     -- Evaluated (the locks taken) before any id is drawn.
     WHERE (SELECT count(*) FROM held) >= 0
  ), ins AS (
    INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at, client_id, search)
    SELECT id, conversation_id, sender_id, content, 'text', $6, client_id, array_to_tsvector(string_to_array(words, ' '))
      FROM input ORDER BY ord
    ON CONFLICT (sender_id, client_id) DO NOTHING
    RETURNING id
  )
  SELECT input.id, ins.id IS NOT NULL AS created FROM input LEFT JOIN ins ON ins.id = input.id ORDER BY input.ord`

const NEXT_REVISION = "nextval('revision_seq')"

/**
 * An action's first statement: the conversation held (HOLD_CONVERSATIONS, before the
 * revision is drawn), then the message locked, in that order (the hold is evaluated before
 * any row is read). One round trip for both.
 */
const HOLD_AND_LOCK_MESSAGE = `
  WITH held AS MATERIALIZED (${HOLD_CONVERSATIONS})
  SELECT m.id FROM messages m WHERE m.id = $2 AND (SELECT count(*) FROM held) >= 0 FOR UPDATE OF m`

/** A message as an action left it, and its conversation's newest message (whether the preview changed): one round trip. */
const ACTED_ON = `SELECT q.*, ${newestMessageId('q.conversation_id')} AS conversation_last_message_id
  FROM (${SELECT_MESSAGE} WHERE m.id = $1) q`

export class PgChatStore implements ChatStore {
  private readonly committer: BatchCommitter<CommitOutcome>
  private readonly texts: Together<NewMessage, PostOutcome> = {
    run: (tx, inputs) => this.writeTexts(tx, inputs),
    // The same statement; alone in its batch, it is its own transaction (one round trip).
    alone: (db, inputs) => this.writeTexts(db, inputs),
  }

  constructor(pool: pg.Pool) {
    this.committer = new BatchCommitter<CommitOutcome>(pool)
  }

  post(input: NewMessage): Promise<PostOutcome> {
    const plain = input.attachment === null && input.replyTo === null && input.mentions.length === 0
    return this.committer.submit((tx) => this.write(tx, input), plain ? { with: this.texts, input } : undefined)
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
    await holdConversation(tx, input.conversationId)
    const createdAt = new Date().toISOString()
    const a = input.attachment
    const { rows } = await tx.query<{ id: number | null; attachment_id: number | null }>(POST, [
      input.conversationId, input.sender.id, input.content, a ? 'file' : 'text', createdAt, input.clientId, input.replyTo,
      searchWords(input.content, a?.filename ?? null),
      a?.storedPath ?? null, a?.filename ?? null, a?.size ?? null, a?.mimeType ?? null, a?.uploadedAt ?? null,
      mentions,
    ])
    const row = rows[0] as { id: number | null; attachment_id: number | null }
    if (row.id !== null) return posted(input, row.id, createdAt, row.attachment_id, target, mentions)
    if (row.attachment_id !== null) await tx.query('DELETE FROM attachments WHERE id = $1', [row.attachment_id])
    return this.existing(tx, input)
  }

  /** Plain text posts as one statement; the same outcomes `write` gives each. */
  private async writeTexts(tx: Queryable, inputs: readonly NewMessage[]): Promise<PostOutcome[]> {
    const createdAt = new Date().toISOString()
    const { rows } = await tx.query<{ id: number; created: boolean }>({
      name: 'parley_post_texts',
      text: POST_TEXTS,
      values: [
        inputs.map((m) => m.conversationId), inputs.map((m) => m.sender.id), inputs.map((m) => m.content),
        inputs.map((m) => m.clientId), inputs.map((m) => searchWords(m.content, null).join(' ')), createdAt,
      ],
    })
    const outcomes: PostOutcome[] = []
    for (const [k, input] of inputs.entries()) {
      const row = rows[k] as { id: number; created: boolean }
      if (!row.created) outcomes.push(await this.existing(tx, input))
      else outcomes.push(posted(input, row.id, createdAt, null, null, []))
    }
    return outcomes
  }

  /** The outcome of a post whose (sender, client_id) is stored already (by this batch or any node): that one stands. */
  private async existing(tx: Queryable, input: NewMessage): Promise<PostOutcome> {
    const message = input.clientId === null ? null : await messageByClientId(tx, input.sender.id, input.clientId)
    if (!message) throw new Error(`Message ${input.sender.id}/${String(input.clientId)} conflicted but cannot be read`)
    return { kind: 'message', message, created: false }
  }

  private async apply(tx: BatchWork, input: ActionInput): Promise<UpdateOutcome> {
    const { actor, clientId, action } = input
    const unchanged = (message: MessageRecord): UpdateOutcome =>
      ({ kind: 'update', message, clientId, changed: false, previewChanged: false, removedFile: null })
    // The statements after the lock see whatever a racing node committed before it (each
    // statement reads a fresh snapshot): the action check below among them.
    const { rows: locked } = await tx.query({ name: 'parley_hold_and_lock_message', text: HOLD_AND_LOCK_MESSAGE, values: [[input.conversationId], input.messageId] })
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
    const { rows } = await tx.query<MessageRow & { conversation_last_message_id: number | null }>({ name: 'parley_acted_on', text: ACTED_ON, values: [message.id] })
    const acted = rows[0] as MessageRow & { conversation_last_message_id: number | null }
    return {
      kind: 'update',
      message: toRecord(acted),
      clientId,
      changed,
      previewChanged: changesPreview(action.kind, message.id, acted.conversation_last_message_id),
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

function holdConversation(tx: Queryable, conversationId: number): Promise<unknown> {
  return tx.query({ name: 'parley_hold_conversations', text: HOLD_CONVERSATIONS, values: [[conversationId]] })
}

/** A new message as stored (what history will show). */
function posted(
  input: NewMessage, id: number, createdAt: string, attachmentId: number | null, target: MessageRecord | null, mentions: number[],
): PostOutcome {
  const a = input.attachment
  return {
    kind: 'message',
    created: true,
    message: {
      id,
      conversationId: input.conversationId,
      sender: input.sender,
      content: input.content,
      messageType: a ? 'file' : 'text',
      isRead: false,
      createdAt,
      clientId: input.clientId,
      attachment: a && attachmentId !== null ? { ...a, id: attachmentId } : null,
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
