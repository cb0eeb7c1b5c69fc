// CPU time another process has used (user + system), from /proc/<pid>/stat. On a shared
// machine wall-clock throughput moves with the neighbours' load; work per CPU-second of
// the server stays put, so it is reported beside every throughput figure.
import { readdirSync, readFileSync } from 'node:fs'

// USER_HZ: 100 on every Linux that Node supports (it is fixed in the kernel ABI).
const TICKS_PER_SECOND = 100

/** `withChildren`: also the CPU time of its children that have exited and been waited for. */
export function readProcCpuMs(pid: number, withChildren = false): number {
  const fields = statFields(pid)
  if (!fields) return Number.NaN
  const ticks = Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0)
  return (ticks * 1000) / TICKS_PER_SECOND
}

/** /proc/<pid>/stat from field 3 (state) on: [state, ppid, …, utime at 11, stime at 12, cutime at 13, cstime at 14]; null when gone. */
function statFields(pid: number): string[] | null {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // The command name (field 2) may hold spaces; the fields after its closing ")" do not.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
}

/** Runs `work` and returns its value with the CPU time `pid` used meanwhile. */
export async function withCpu<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const before = readProcCpuMs(pid)
  const value = await work()
  return { value, cpuMs: readProcCpuMs(pid) - before }
}

/**
 * CPU time of a server made of processes (PostgreSQL: the postmaster and one backend per
 * connection): the root's own time, its reaped children's (cutime/cstime: backends that
 * ended) and every live child's.
 */
export function readProcTreeCpuMs(rootPid: number): number {
  let total = readProcCpuMs(rootPid, true)
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const fields = statFields(Number(entry))
    if (fields && Number(fields[1]) === rootPid) total += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
  }
  return total
}
