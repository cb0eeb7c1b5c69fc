// Group commit: every write submitted during one event-loop turn goes into ONE SQLite
// transaction (one WAL fsync under synchronous=FULL), and only after it commits are the
// results handed back, so nothing is broadcast before it is durable. Each item runs in
// its own savepoint: a failing item is rejected alone and the rest of the batch commits.
import type { Db } from '../db/open-database'

interface Pending<In, Out> {
  input: In
  resolve: (value: Out) => void
  reject: (error: unknown) => void
}

export class GroupCommitter<In, Out> {
  private queue: Pending<In, Out>[] = []
  private scheduled = false
  private idle: Promise<void> = Promise.resolve()
  private settleIdle: (() => void) | null = null

  /**
   * @param write runs inside the batch transaction, once per item, in submission order.
   * @param committed runs after the commit with the successful results, in order.
   */
  constructor(
    private readonly db: Db,
    private readonly write: (input: In) => Out,
    private readonly committed: (results: Out[]) => void,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject })
      if (!this.settleIdle) this.idle = new Promise((settle) => { this.settleIdle = settle })
      if (!this.scheduled) {
        this.scheduled = true
        // setImmediate runs after the poll phase: every socket read of this turn is queued by then.
        setImmediate(() => this.flush())
      }
    })
  }

  /** Resolves once everything submitted so far is committed (used at shutdown). */
  drained(): Promise<void> {
    return this.idle
  }

  private flush(): void {
    const batch = this.queue
    this.queue = []
    this.scheduled = false
    const outcomes: ({ ok: true; value: Out } | { ok: false; error: unknown })[] = []
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: this.db.transaction(() => this.write(item.input))() })
          } catch (error) {
            outcomes.push({ ok: false, error })
          }
        }
      }).immediate()
    } catch (error) {
      for (const item of batch) item.reject(error)
      this.finishTurn()
      return
    }
    const results: Out[] = []
    batch.forEach((item, index) => {
      const outcome = outcomes[index]
      if (outcome?.ok) results.push(outcome.value)
    })
    try {
      this.committed(results)
    } finally {
      batch.forEach((item, index) => {
        const outcome = outcomes[index]
        if (outcome?.ok) item.resolve(outcome.value)
        else item.reject(outcome?.error)
      })
      this.finishTurn()
    }
  }

  private finishTurn(): void {
    if (this.scheduled || !this.settleIdle) return
    this.settleIdle()
    this.settleIdle = null
  }
}
