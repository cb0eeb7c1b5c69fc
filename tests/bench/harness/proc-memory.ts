// Memory of another process as the kernel counts it (/proc/<pid>/status), so the figure
// includes native allocations (SQLite, ws buffers) that process.memoryUsage() in-process
// would also see, but measured without running code inside the server under test.
import { readFileSync } from 'node:fs'

export interface ProcMemory {
  /** Resident set size now, bytes. */
  rss: number
  /** Peak resident set size since the process started (VmHWM), bytes. */
  peakRss: number
}

export function readProcMemory(pid: number): ProcMemory | null {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return null
  }
  return { rss: kilobytesField(text, 'VmRSS'), peakRss: kilobytesField(text, 'VmHWM') }
}

function kilobytesField(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status)
  return match ? Number(match[1]) * 1024 : Number.NaN
}

/**
 * Samples a process's RSS on an interval and keeps the highest value seen, besides the
 * kernel's own VmHWM (which also covers spikes between samples).
 */
export class MemorySampler {
  private timer: NodeJS.Timeout | null = null
  private maxSampled = 0

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample()
    this.timer = setInterval(() => this.sample(), this.intervalMs)
    this.timer.unref()
    return this
  }

  stop(): { maxSampledRss: number; peakRss: number; rss: number } {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    const now = this.sample()
    return { maxSampledRss: this.maxSampled, peakRss: now?.peakRss ?? Number.NaN, rss: now?.rss ?? Number.NaN }
  }

  private sample(): ProcMemory | null {
    const memory = readProcMemory(this.pid)
    if (memory && memory.rss > this.maxSampled) this.maxSampled = memory.rss
    return memory
  }
}
