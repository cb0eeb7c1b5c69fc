// Password hashing, bounded. scrypt runs on libuv's thread pool (4 threads), the same pool
// that makes every chat message durable (the WAL fdatasync, db/wal-sync.ts) and writes
// files. 150 concurrent sign-ins filled it, and one chat message waited 3.3 s behind them
// instead of 2 ms. So at most `concurrency` hashes run at once, at most `queueLength` wait,
// and anything more is refused at once (503 + Retry-After) instead of piling up: the pool
// always has threads free for delivery, and memory stays at `concurrency` × 16 MiB.
// Hashes back to back (a storm of sign-ins) also rest between each other, four times as
// long as the last one took: scrypt then uses at most a fifth of a core, and on a small
// host (2 cores) the event loop that delivers chat keeps a core to itself
// (docs/benchmarks.md, login-storm). A lone sign-in never waits for it; during a storm a
// real user's sign-in waits in the same queue (or is told to retry, 503) either way.

export const HASH_CONCURRENCY = 1
export const HASH_QUEUE_LENGTH = 32
/** Rest after a hash, as a share of its duration, when others wait. */
export const HASH_REST_RATIO = 4

export class HashQueueFull extends Error {
  constructor() {
    super('Too many sign-ins at once')
  }
}

export class HashQueue {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    private readonly concurrency = HASH_CONCURRENCY,
    private readonly queueLength = HASH_QUEUE_LENGTH,
    private readonly restRatio = HASH_REST_RATIO,
  ) {}

  /** Runs `work` when a slot is free; rejects with HashQueueFull when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLength) throw new HashQueueFull()
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else {
      this.running += 1
    }
    const started = performance.now()
    try {
      return await work()
    } finally {
      // Hand the slot to the next in line after the rest (running stays the same), else free it.
      const next = this.waiting.shift()
      if (next) setTimeout(next, (performance.now() - started) * this.restRatio)
      else this.running -= 1
    }
  }

  /** Hashes running and waiting (for tests). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length }
  }
}
