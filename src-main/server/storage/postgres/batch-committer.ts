// The pipelined group commit on PostgreSQL (chat/group-commit.ts's contract, for a shared
// database): writes submitted while nothing commits go into one transaction at the end of
// the event-loop turn; writes submitted while batch N commits gather into batch N+1, sent
// the moment N is durable. One transaction per batch under synchronous_commit = on, so
// nothing resolves before it is durable, and the commit's cost is shared under load.
//
// A write runs its statements on the batch's client, in submission order. Failures:
// - ChatRefusal: the rules refused before the write wrote anything (every write checks
//   first, then writes), so the transaction goes on; that item alone is rejected.
// - A database error aborts the transaction: it is rolled back and the batch rerun without
//   the failing item, which is rejected alone (the rest commits; reruns recompute each
//   item's outcome, so nothing stale is handed back).
// - A deadlock or serialization failure (nodes touching the same rows in another order)
//   reruns the whole batch, a few times, then rejects it.
import type pg from 'pg'
import { ChatRefusal } from '../../chat/chat-rules'
import type { Queryable } from './queryable'

/** SQLSTATEs after which the same transaction may simply be tried again. */
const RETRYABLE = new Set(['40P01', '40001'])
const MAX_RETRIES = 5

export interface BatchWork extends Queryable {
  /** Runs just before COMMIT, and before any write that needs the batch's deferred statements applied. */
  beforeCommit(task: () => Promise<void>): void
}

export type Write<Out> = (tx: BatchWork) => Promise<Out>

interface Pending<Out> {
  write: Write<Out>
  resolve: (value: Out) => void
  reject: (error: unknown) => void
}

type Outcome<Out> = { ok: true; value: Out } | { ok: false; error: unknown }

export class BatchCommitter<Out> {
  private queue: Pending<Out>[] = []
  private scheduled = false
  private committing = false
  private idle: Promise<void> = Promise.resolve()
  private settleIdle: (() => void) | null = null
  private listener: ((results: readonly Out[]) => void) | null = null

  constructor(private readonly pool: pg.Pool) {}

  /** Runs once per durable batch with its successful results in order, before any submitter hears back. */
  onCommitted(listener: (results: readonly Out[]) => void): void {
    if (this.listener) throw new Error('onCommitted has a listener already')
    this.listener = listener
  }

  submit<T extends Out>(write: Write<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: Out) => void, reject })
      if (!this.settleIdle) this.idle = new Promise((settle) => { this.settleIdle = settle })
      this.schedule()
    })
  }

  drained(): Promise<void> {
    return this.idle
  }

  private schedule(): void {
    if (this.scheduled || this.committing || this.queue.length === 0) return
    this.scheduled = true
    // setImmediate runs after the poll phase: every socket read of this turn is queued by then.
    setImmediate(() => {
      this.scheduled = false
      const batch = this.queue
      this.queue = []
      this.committing = true
      this.commit(batch).then(
        (outcomes) => this.deliver(batch, outcomes),
        (error: unknown) => this.deliver(batch, batch.map(() => ({ ok: false, error }))),
      )
    })
  }

  private async commit(batch: readonly Pending<Out>[]): Promise<Outcome<Out>[]> {
    const outcomes: Outcome<Out>[] = batch.map(() => ({ ok: false, error: new Error('not run') }))
    let live = batch.map((_, index) => index)
    let retries = 0
    while (live.length > 0) {
      const client = await this.pool.connect()
      let broken: Error | undefined
      try {
        const run = await this.attempt(client, batch, live)
        if (run.kind === 'committed') {
          for (const [index, outcome] of run.outcomes) outcomes[index] = outcome
          return outcomes
        }
        if (run.kind === 'retry') {
          retries += 1
          if (retries > MAX_RETRIES) throw run.error
          await pause(5 + Math.random() * 20 * retries)
          continue
        }
        outcomes[run.index] = { ok: false, error: run.error }
        live = live.filter((index) => index !== run.index)
      } catch (error) {
        // BEGIN, COMMIT or the connection failed: whether COMMIT happened is unknown, so
        // nobody hears "stored"; resends are safe (exactly once per client_id).
        broken = error instanceof Error ? error : new Error(String(error))
        throw error
      } finally {
        client.release(broken)
      }
    }
    return outcomes
  }

  private async attempt(client: pg.PoolClient, batch: readonly Pending<Out>[], live: readonly number[]): Promise<
    | { kind: 'committed'; outcomes: Array<[number, Outcome<Out>]> }
    | { kind: 'retry'; error: unknown }
    | { kind: 'failed'; index: number; error: unknown }
  > {
    const deferred: Array<() => Promise<void>> = []
    const work: BatchWork = {
      query: (text, values) => client.query(text, values),
      beforeCommit: (task) => { deferred.push(task) },
    }
    const outcomes: Array<[number, Outcome<Out>]> = []
    await client.query('BEGIN')
    let current = -1
    try {
      for (const index of live) {
        current = index
        try {
          outcomes.push([index, { ok: true, value: await (batch[index] as Pending<Out>).write(work) }])
        } catch (error) {
          if (!(error instanceof ChatRefusal)) throw error
          outcomes.push([index, { ok: false, error }])
        }
      }
      current = -1
      for (const task of deferred.splice(0)) await task()
    } catch (error) {
      await client.query('ROLLBACK')
      if (RETRYABLE.has((error as { code?: string }).code ?? '')) return { kind: 'retry', error }
      // A deferred statement failed: no single item to blame, so the batch fails as a whole.
      if (current < 0) throw error
      return { kind: 'failed', index: current, error }
    }
    try {
      await client.query('COMMIT')
    } catch (error) {
      if (RETRYABLE.has((error as { code?: string }).code ?? '')) return { kind: 'retry', error }
      throw error
    }
    return { kind: 'committed', outcomes }
  }

  private deliver(batch: readonly Pending<Out>[], outcomes: readonly Outcome<Out>[]): void {
    this.committing = false
    const results: Out[] = []
    for (const outcome of outcomes) if (outcome.ok) results.push(outcome.value)
    try {
      if (results.length > 0) this.listener?.(results)
    } finally {
      batch.forEach((item, index) => {
        const outcome = outcomes[index]
        if (outcome?.ok) item.resolve(outcome.value)
        else item.reject(outcome?.error)
      })
      this.schedule()
      if (!this.scheduled && !this.committing && this.queue.length === 0 && this.settleIdle) {
        this.settleIdle()
        this.settleIdle = null
      }
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
