// `npx tsx tests/bench/profile-top.ts FILE.cpuprofile [N]`: the functions with the most
// self time in a V8 CPU profile (from `npm run bench -- --profile DIR`), and the total by
// source area (our code, ws, better-sqlite3, node internals, GC), to find what a server
// spends its CPU on without a GUI.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

const [file, limitArg] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: profile-top.ts FILE.cpuprofile [N]\n')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const selfUs = new Map<number, number>()
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))

const byFunction = new Map<string, number>()
const byArea = new Map<string, number>()
let total = 0
for (const [id, us] of selfUs) {
  const frame = (byId.get(id) as ProfileNode).callFrame
  const where = frame.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '~/')
  const key = `${frame.functionName || '(anonymous)'}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + us)
  byArea.set(area(frame), (byArea.get(area(frame)) ?? 0) + us)
  total += us
}

function area(frame: ProfileNode['callFrame']): string {
  if (frame.functionName === '(idle)') return 'idle'
  if (frame.functionName === '(garbage collector)') return 'gc'
  if (frame.functionName === '(program)') return 'program (native, unattributed)'
  if (frame.url.includes('node_modules/ws/')) return 'ws'
  if (frame.url.includes('node_modules/better-sqlite3/')) return 'better-sqlite3'
  if (frame.url.includes('node_modules/')) return `~/${frame.url.split('node_modules/')[1]?.split('/')[0]}`
  if (frame.url.startsWith('node:')) return 'node internals'
  if (frame.url === '') return 'native / builtins'
  return 'bundled app code'
}

const print = (title: string, rows: Map<string, number>, limit: number): void => {
  process.stdout.write(`\n${title}\n`)
  for (const [key, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    process.stdout.write(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}\n`)
  }
}
process.stdout.write(`${file}: ${(total / 1000).toFixed(0)} ms sampled\n`)
print('by area', byArea, 20)
print('top functions by self time', byFunction, Number(limitArg ?? 30))
