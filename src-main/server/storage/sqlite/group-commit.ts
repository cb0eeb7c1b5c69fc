// Pipelined group commit: durable writes that never make the event loop wait for the disk.
//
// Writes submitted while nothing is syncing go into one SQLite transaction at the end of
// the event-loop turn; writes submitted while batch N syncs accumulate and become batch N+1,
// committed the moment N is durable. So there is one fsync per batch, batches grow with
// load, and nothing is handed back before it is durable: a batch commits under
// synchronous=NORMAL (page-cache writes, microseconds) and its WAL is then fdatasynced on
// libuv's thread pool (db/wal-sync.ts), which is exactly the fsync synchronous=FULL would
// have done inside COMMIT on this thread. Each item runs in its own savepoint: a failing
// item is rejected alone and the rest of the batch commits.
//
// Rows of a batch that is syncing are already visible to reads on this connection.
// whenDurable(read) runs a read at a moment when no such rows exist, so what clients are
// shown can never vanish in a power cut: the same promise SQLite's FULL gives its readers.
import type { Db } from '../../db/open-database'

/** What the committer needs of db/wal-sync.ts: make every commit made so far durable. */
export interface DurableSync {
  sync(): Promise<void>
}

/** The batch committed but its WAL fsync failed: the rows may or may not survive a power cut. */
export class SyncFailedError extends Error {
  constructor(cause: unknown) {
    super('The database commit could not be made durable', { cause })
    this.name = 'SyncFailedError'
  }
}

interface Pending<Out> {
  write: () => Out
  resolve: (value: Out) => void
  reject: (error: unknown) => void
}

type Outcome<Out> = { ok: true; value: Out } | { ok: false; error: unknown }

export class GroupCommitter<Out> {
  private queue: Pending<Out>[] = []
  private scheduled = false
  /** A batch is committed and its WAL fsync is under way. */
  private syncing = false
  private readers: (() => void)[] = []
  private idle: Promise<void> = Promise.resolve()
  private settleIdle: (() => void) | null = null
  /** The connection's own synchronous level, restored after each batch. */
  private readonly synchronousLevel: unknown

  /**
   * @param walSync null runs each batch's COMMIT under the connection's synchronous level, on this thread.
   * @param committed runs once each batch is durable, with its successful results in order, before any submitter hears back.
   */
  constructor(
    private readonly db: Db,
    private readonly walSync: DurableSync | null,
    private readonly committed: (results: Out[]) => void,
  ) {
    this.synchronousLevel = db.pragma('synchronous', { simple: true })
  }

  /** Runs `write` inside a batch transaction; resolves with its result once the batch is durable. */
  submit<T extends Out>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: Out) => void, reject })
      if (!this.settleIdle) this.idle = new Promise((settle) => { this.settleIdle = settle })
      this.schedule()
    })
  }

  /**
   * Runs `read` at a moment when every row it can see is durable. An async `read` keeps that
   * promise as long as its awaits are on this connection's calls (which complete
   * synchronously): its continuations are microtasks, and they all run before the next
   * batch can commit, which waits for setImmediate.
   */
  whenDurable<T>(read: () => T | Promise<T>): Promise<T> {
    if (!this.syncing) return attempt(read)
    return new Promise<T>((resolve, reject) => {
      this.readers.push(() => attempt(read).then(resolve, reject))
    })
  }

  /** Resolves once everything submitted so far is durable and handed back (used at shutdown). */
  drained(): Promise<void> {
    return this.idle
  }

  private schedule(): void {
    if (this.scheduled || this.syncing || this.queue.length === 0) return
    this.scheduled = true
    // setImmediate runs after the poll phase: every socket read of this turn is queued by then.
    setImmediate(() => this.flush())
  }

  private flush(): void {
    this.scheduled = false
    const batch = this.queue
    this.queue = []
    let outcomes: Outcome<Out>[]
    try {
      outcomes = this.commit(batch)
    } catch (error) {
      this.deliver(batch, batch.map(() => ({ ok: false, error })))
      return
    }
    if (!this.walSync) return this.deliver(batch, outcomes)
    this.syncing = true
    this.walSync.sync().then(
      () => this.deliver(batch, outcomes),
      (error: unknown) => this.deliver(batch, batch.map(() => ({ ok: false, error: new SyncFailedError(error) }))),
    )
  }

  private commit(batch: Pending<Out>[]): Outcome<Out>[] {
    const outcomes: Outcome<Out>[] = []
    const transaction = this.db.transaction(() => {
      for (const item of batch) {
        try {
          outcomes.push({ ok: true, value: this.db.transaction(item.write)() })
        } catch (error) {
          outcomes.push({ ok: false, error })
        }
      }
    })
    if (!this.walSync) {
      transaction.immediate()
      return outcomes
    }
    this.db.pragma('synchronous = NORMAL')
    try {
      transaction.immediate()
    } finally {
      this.db.pragma(`synchronous = ${String(this.synchronousLevel)}`)
    }
    return outcomes
  }

  private deliver(batch: Pending<Out>[], outcomes: Outcome<Out>[]): void {
    this.syncing = false
    const results: Out[] = []
    for (const outcome of outcomes) if (outcome.ok) results.push(outcome.value)
    try {
      if (results.length > 0) this.committed(results)
    } finally {
      batch.forEach((item, index) => {
        const outcome = outcomes[index]
        if (outcome?.ok) item.resolve(outcome.value)
        else item.reject(outcome?.error)
      })
      // Before the next batch can commit (it waits for setImmediate): everything visible is durable now.
      const readers = this.readers
      this.readers = []
      for (const reader of readers) reader()
      this.schedule()
      this.finishTurn()
    }
  }

  private finishTurn(): void {
    if (this.scheduled || this.syncing || this.queue.length > 0 || !this.settleIdle) return
    this.settleIdle()
    this.settleIdle = null
  }
}

function attempt<T>(read: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(read())
  } catch (error) {
    return Promise.reject(error)
  }
}
