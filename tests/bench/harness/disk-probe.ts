// How long one small write + fdatasync takes on the disk holding the servers' data.
// Parley commits with synchronous=FULL (one WAL fsync per group commit) and broadcasts only
// after the commit, so this bounds its message latency from below: read latency figures
// next to it.
import { open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { percentileOfSorted, round } from './stats'

export interface FsyncProbe {
  samples: number
  p50_ms: number
  p99_ms: number
}

export async function probeFsync(dir: string, samples = 100): Promise<FsyncProbe> {
  const path = join(dir, 'fsync-probe.bin')
  const block = Buffer.alloc(4096, 0x5a)
  const times: number[] = []
  const handle = await open(path, 'w')
  try {
    for (let i = 0; i < samples; i++) {
      const started = performance.now()
      await handle.write(block, 0, block.length, i * block.length)
      await handle.datasync()
      times.push(performance.now() - started)
    }
  } finally {
    await handle.close()
    await rm(path, { force: true })
  }
  times.sort((a, b) => a - b)
  return { samples, p50_ms: round(percentileOfSorted(times, 50), 2), p99_ms: round(percentileOfSorted(times, 99), 2) }
}
