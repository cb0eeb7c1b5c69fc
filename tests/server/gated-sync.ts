// A WAL sync the test completes by hand (group commit's DurableSync), to look at the state
// while a batch is committed but not yet durable.
import { expect, vi } from 'vitest'
import type { DurableSync } from '../../src-main/server/storage/sqlite/group-commit'

export class GatedSync implements DurableSync {
  readonly pending: (() => void)[] = []
  sync(): Promise<void> {
    return new Promise((resolve) => this.pending.push(resolve))
  }
  async release(): Promise<void> {
    await vi.waitFor(() => expect(this.pending.length).toBeGreaterThan(0))
    this.pending.shift()?.()
  }
}
