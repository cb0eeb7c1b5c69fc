// The pipelined group commit on PostgreSQL (chat/group-commit.ts's contract, for a shared
// database): writes submitted while nothing commits go into one transaction at the end of
// the event-loop turn; writes submitted while batch N commits gather into batch N+1, sent
// the moment N is durable. One transaction per batch under synchronous_commit = on, so
// nothing resolves before it is durable, and the commit's cost is shared under load.
// Under load (a batch finished moments ago) a small batch first waits up to a couple of
// milliseconds for more: the commit window (CommitWindow, below). After a quiet spell a
// write starts at once.
//
// A write runs its statements on the batch's client, in submission order. Consecutive
// writes that share a Together (plain text posts) run as one set-based statement instead:
// a batch of fifty messages costs a handful of round trips, not fifty. Failures:
// - ChatRefusal: the rules refused before the write wrote anything (every write checks
//   first, then writes), so the transaction goes on; that item alone is rejected.
// - A database error aborts the transaction: it is rolled back and the batch rerun without
//   the failing item, which is rejected alone (the rest commits; reruns recompute each
//   item's outcome, so nothing stale is handed back). When a set-based statement fails,
//   the batch is rerun with each of its writes on its own, to find the one to blame.
// - A deadlock or serialization failure (nodes touching the same rows in another order)
//   reruns the whole batch, a few times, then rejects it.
import pg from 'pg'
import { ChatRefusal } from '../../chat/chat-rules'
import type { Queryable } from './queryable'

/** SQLSTATEs after which the same transaction may simply be tried again. */
const RETRYABLE = new Set(['40P01', '40001'])
const MAX_RETRIES = 5

/** A batch's transaction, as its writes see it. */
export type BatchWork = Queryable

export type Write<Out> = (tx: BatchWork) => Promise<Out>

/**
 * Under load, how long a small batch waits for more writes before it starts. A batch costs
 * a round trip on both ends, a transaction and a flushed commit record whatever its size:
 * measured with 12 text posts a batch, that fixed part was about 250 µs of PostgreSQL's CPU
 * and 500 µs of the node's (most of it in the kernel, sending and waking), against about
 * 37 and 16 µs a message (docs/benchmarks.md, "Cluster"). It is PostgreSQL's
 * commit_delay, done where the batch is built.
 */
export interface CommitWindow {
  ms: number
  /** A batch this large starts at once. */
  fill: number
  /**
   * Under load: a batch committed less than this long ago. In a busy chat the next writes
   * come in a millisecond or two after a commit (answers to what it delivered), so "queued
   * while a batch committed" alone would miss most of them; a write after a quiet spell
   * starts at once.
   */
  busyForMs: number
}

export const DEFAULT_COMMIT_WINDOW: CommitWindow = { ms: 2, fill: 32, busyForMs: 10 }

/**
 * Runs several writes' inputs as one: resolves with each input's result (or its
 * ChatRefusal) in order. Each such write also has its own `write`, used to find the culprit
 * when the set-based run fails.
 */
export interface Together<In, Out> {
  run(tx: BatchWork, inputs: readonly In[]): Promise<Array<Out | ChatRefusal>>
  /**
   * The same when these inputs are the whole batch: one statement that is its own
   * transaction (no BEGIN, no COMMIT: one round trip for the batch).
   */
  alone(db: Queryable, inputs: readonly In[]): Promise<Array<Out | ChatRefusal>>
}

interface Pending<Out> {
  write: Write<Out>
  together: { with: Together<unknown, Out>; input: unknown } | null
  resolve: (value: Out) => void
  reject: (error: unknown) => void
}

type Outcome<Out> = { ok: true; value: Out } | { ok: false; error: unknown }

export class BatchCommitter<Out> {
  private queue: Pending<Out>[] = []
  private scheduled = false
  /** The pending start while a small batch waits for more (CommitWindow); null otherwise. */
  private waiting: NodeJS.Timeout | null = null
  /** performance.now() when the last batch finished: the load signal of the window. */
  private lastCommitAt = Number.NEGATIVE_INFINITY
  private committing = false
  private idle: Promise<void> = Promise.resolve()
  private settleIdle: (() => void) | null = null
  private listener: ((results: readonly Out[]) => void) | null = null

  constructor(private readonly pool: pg.Pool, private readonly window: CommitWindow = DEFAULT_COMMIT_WINDOW) {}

  /** Runs once per durable batch with its successful results in order, before any submitter hears back. */
  onCommitted(listener: (results: readonly Out[]) => void): void {
    if (this.listener) throw new Error('onCommitted has a listener already')
    this.listener = listener
  }

  /** `together`: may run with the consecutive writes that share its Together, as one. */
  submit<T extends Out, In = never>(write: Write<T>, together?: { with: Together<In, T>; input: In }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        write, together: (together ?? null) as Pending<Out>['together'], resolve: resolve as (value: Out) => void, reject,
      })
      if (!this.settleIdle) this.idle = new Promise((settle) => { this.settleIdle = settle })
      if (this.waiting && this.queue.length >= this.window.fill) {
        clearTimeout(this.waiting)
        this.waiting = null
        this.scheduled = false
      }
      this.schedule()
    })
  }

  drained(): Promise<void> {
    return this.idle
  }

  private schedule(): void {
    if (this.scheduled || this.committing || this.queue.length === 0) return
    this.scheduled = true
    const busy = performance.now() - this.lastCommitAt < this.window.busyForMs
    if (busy && this.queue.length < this.window.fill) {
      this.waiting = setTimeout(() => {
        this.waiting = null
        this.start()
      }, this.window.ms)
      return
    }
    // setImmediate runs after the poll phase: every socket read of this turn is queued by then.
    setImmediate(() => this.start())
  }

  private start(): void {
    this.scheduled = false
    const batch = this.queue
    this.queue = []
    this.committing = true
    this.commit(batch).then(
      (outcomes) => this.deliver(batch, outcomes),
      (error: unknown) => this.deliver(batch, batch.map(() => ({ ok: false, error }))),
    )
  }

  private async commit(batch: readonly Pending<Out>[]): Promise<Outcome<Out>[]> {
    const outcomes: Outcome<Out>[] = batch.map(() => ({ ok: false, error: new Error('not run') }))
    let live = batch.map((_, index) => index)
    let retries = 0
    let together = true
    while (live.length > 0) {
      const client = await this.pool.connect()
      let broken: Error | undefined
      try {
        const run = await this.attempt(client, batch, live, together)
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
        if (run.kind === 'separate') {
          together = false
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

  private async attempt(client: pg.PoolClient, batch: readonly Pending<Out>[], live: readonly number[], together: boolean): Promise<
    | { kind: 'committed'; outcomes: Array<[number, Outcome<Out>]> }
    | { kind: 'retry'; error: unknown }
    | { kind: 'failed'; index: number; error: unknown }
    /** A set-based write failed: try again with each write on its own. */
    | { kind: 'separate' }
  > {
    const work: BatchWork = { query: (text, values) => client.query(text, values) }
    const outcomes: Array<[number, Outcome<Out>]> = []
    const only = together ? batch[live[0] as number]?.together : null
    if (only && runOf(batch, live, 0).length === live.length) {
      try {
        const results = await only.with.alone(client, live.map((i) => (batch[i] as Pending<Out>).together?.input))
        return { kind: 'committed', outcomes: live.map((i, k) => [i, toOutcome(results[k] as Out | ChatRefusal)]) }
      } catch (error) {
        // Only the database's own refusal says the statement was rolled back; after a lost
        // connection it may have committed, and running it again could store twice.
        if (!(error instanceof pg.DatabaseError)) throw error
        if (RETRYABLE.has(error.code ?? '')) return { kind: 'retry', error }
        return { kind: 'separate' }
      }
    }
    await client.query('BEGIN')
    let current = -1
    let inGroup = false
    try {
      for (let at = 0; at < live.length;) {
        const index = live[at] as number
        const item = batch[index] as Pending<Out>
        const group = together && item.together ? runOf(batch, live, at) : null
        if (group && group.length > 1) {
          current = index
          inGroup = true
          const results = await (item.together as NonNullable<Pending<Out>['together']>).with.run(
            work, group.map((i) => (batch[i] as Pending<Out>).together?.input))
          inGroup = false
          group.forEach((i, k) => outcomes.push([i, toOutcome(results[k] as Out | ChatRefusal)]))
          at += group.length
          continue
        }
        current = index
        try {
          outcomes.push([index, { ok: true, value: await item.write(work) }])
        } catch (error) {
          if (!(error instanceof ChatRefusal)) throw error
          outcomes.push([index, { ok: false, error }])
        }
        at += 1
      }
    } catch (error) {
      await client.query('ROLLBACK')
      if (RETRYABLE.has((error as { code?: string }).code ?? '')) return { kind: 'retry', error }
      if (inGroup) return { kind: 'separate' }
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
    this.lastCommitAt = performance.now()
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

function toOutcome<Out>(result: Out | ChatRefusal): Outcome<Out> {
  return result instanceof ChatRefusal ? { ok: false, error: result } : { ok: true, value: result }
}

/** The indexes from live[at] on whose writes share its Together. */
function runOf<Out>(batch: readonly Pending<Out>[], live: readonly number[], at: number): number[] {
  const shared = batch[live[at] as number]?.together?.with
  const run: number[] = []
  for (let k = at; k < live.length && batch[live[k] as number]?.together?.with === shared; k += 1) run.push(live[k] as number)
  return run
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
