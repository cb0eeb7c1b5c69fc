// The commit window of PostgreSQL's pipelined batch (storage/postgres/batch-committer.ts),
// on a real server: under load (a batch finished moments ago) a small batch waits for more
// before it commits, a full batch does not wait, and a write after a quiet spell never
// waits.
// Windows are long here (seconds to a minute) so that only the rule can make a test pass:
// a committer that ignored the fill or the idle case would hold its writes past the
// test's timeout.
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { BatchCommitter, type CommitWindow, type Write } from '../../../src-main/server/storage/postgres/batch-committer'
import { createPool } from '../../../src-main/server/storage/postgres/pool'
import { usePostgres } from '../../support/postgres'

const server = usePostgres()

describe('the commit window on PostgreSQL', () => {
  const pools: pg.Pool[] = []
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()))
  })

  /** A committer on a fresh database, and the batches it committed (each write's number). */
  async function committer(window: CommitWindow): Promise<{ committer: BatchCommitter<number>; batches: number[][] }> {
    const pool = createPool(await server().freshDatabase())
    pools.push(pool)
    const made = new BatchCommitter<number>(pool, window)
    const batches: number[][] = []
    made.onCommitted((results) => batches.push([...results]))
    return { committer: made, batches }
  }

  const numbered = (n: number): Write<number> => async (tx) => {
    const { rows } = await tx.query<{ n: number }>('SELECT $1::int AS n', [n])
    return (rows[0] as { n: number }).n
  }

  /**
   * Commits write 1, which submits write 2 while its batch commits (2 is queued under
   * load); once 1 is stored, returns 2's promise (wrapped: an async function's result
   * would wait for it).
   */
  async function firstThenSecond(made: BatchCommitter<number>): Promise<{ second: Promise<number> }> {
    const held: { second?: Promise<number> } = {}
    expect(await made.submit(async (tx) => {
      held.second = made.submit(numbered(2))
      return numbered(1)(tx)
    })).toBe(1)
    if (!held.second) throw new Error('write 1 did not run')
    return { second: held.second }
  }

  it('writes queued while a batch commits wait for more, and commit with what came in the window', async () => {
    const { committer: made, batches } = await committer({ ms: 2_000, fill: 100, busyForMs: 60_000 })
    const { second } = await firstThenSecond(made)
    // Well after the batch of 1 committed: without the window, 2 would be committed alone by now.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const third = made.submit(numbered(3))
    expect(await Promise.all([second, third])).toEqual([2, 3])
    await made.drained()
    expect(batches).toEqual([[1], [2, 3]])
  })

  it('a batch that reaches the fill starts without waiting out the window', async () => {
    const { committer: made, batches } = await committer({ ms: 60_000, fill: 3, busyForMs: 60_000 })
    const { second } = await firstThenSecond(made)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const rest = [made.submit(numbered(3)), made.submit(numbered(4))]
    expect(await Promise.all([second, ...rest])).toEqual([2, 3, 4])
    expect(batches).toEqual([[1], [2, 3, 4]])
  })

  it('a write after a quiet spell starts at once', async () => {
    const { committer: made, batches } = await committer({ ms: 60_000, fill: 100, busyForMs: 100 })
    expect(await made.submit(numbered(1))).toBe(1)
    await made.drained()
    // Quiet for longer than busyForMs: the next lone write is not held either.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await made.submit(numbered(2))).toBe(2)
    expect(batches).toEqual([[1], [2]])
  })

  it('a write moments after a commit waits for company', async () => {
    const { committer: made, batches } = await committer({ ms: 1_000, fill: 100, busyForMs: 60_000 })
    expect(await made.submit(numbered(1))).toBe(1)
    // Nothing was queued while 1 committed; 2 comes after, still under load, and 3 joins it.
    const second = made.submit(numbered(2))
    await new Promise((resolve) => setTimeout(resolve, 50))
    const third = made.submit(numbered(3))
    expect(await Promise.all([second, third])).toEqual([2, 3])
    expect(batches).toEqual([[1], [2, 3]])
  })
})
