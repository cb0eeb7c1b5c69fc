// CPU time another process has used (user + system), from /proc/<pid>/stat. On a shared
// machine wall-clock throughput moves with the neighbours' load; work per CPU-second of
// the server stays put, so it is reported beside every throughput figure.
import { readFileSync } from 'node:fs'

// USER_HZ: 100 on every Linux that Node supports (it is fixed in the kernel ABI).
const TICKS_PER_SECOND = 100

export function readProcCpuMs(pid: number): number {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return Number.NaN
  }
  // The command name (field 2) may hold spaces; the fields after its closing ")" do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return ((utime + stime) * 1000) / TICKS_PER_SECOND
}

/** Runs `work` and returns its value with the CPU time `pid` used meanwhile. */
export async function withCpu<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const before = readProcCpuMs(pid)
  const value = await work()
  return { value, cpuMs: readProcCpuMs(pid) - before }
}
