// `npx tsx tests/bench/envelope-decode.ts [RECORDS]`: what a cluster node spends on one
// bus envelope of RECORDS plain text messages (default 20, a commit batch's size under
// the cluster-fanout load), on an otherwise idle core: the whole check (decodeEnvelope)
// and its parts (the nesting check, JSON.parse, the zod schema), and the encoding the
// origin does once. CPU profiles of a cluster under load weigh each sample by wall time,
// so a process preempted on 2 busy cores overstates what it was running; this does not.
import { decodeEnvelope, encodeEnvelopes, type BusEvent } from '../../src-main/server/cluster/envelope'
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src-main/server/safe-json'
import { record } from '../cluster/support'

const count = Number(process.argv[2] ?? 20)
if (!Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: envelope-decode.ts [RECORDS >= 1]\n')
  process.exit(2)
}

const message = (i: number) => record(1000 + i, { content: `bench message ${i}: a line of chat about as long as the load's messages` })

const event: BusEvent = { kind: 'messages', records: Array.from({ length: count }, (_, i) => message(i)) }
const texts = encodeEnvelopes('node-a', event)
if (texts.length !== 1) throw new Error('the envelope was split: use fewer records')
const bytes = Buffer.from(texts[0] as string)
if (!decodeEnvelope(bytes).ok) throw new Error('the sample envelope does not decode')

function microseconds(run: () => unknown): number {
  for (let i = 0; i < 2_000; i += 1) run()
  const rounds = 20_000
  const started = process.hrtime.bigint()
  for (let i = 0; i < rounds; i += 1) run()
  return Number(process.hrtime.bigint() - started) / 1000 / rounds
}

const rows: [string, () => unknown][] = [
  ['decodeEnvelope (all of it)', () => decodeEnvelope(bytes)],
  ['  nesting check', () => nestsDeeperThan(bytes, MAX_JSON_DEPTH)],
  ['  JSON.parse', () => JSON.parse(bytes.toString('utf8'))],
  ['encodeEnvelopes (origin, once)', () => encodeEnvelopes('node-a', event)],
]
process.stdout.write(`${count} records, ${bytes.byteLength} bytes\n`)
for (const [name, run] of rows) {
  const us = microseconds(run)
  process.stdout.write(`${name.padEnd(32)} ${us.toFixed(1).padStart(7)} µs  ${(us / count).toFixed(2).padStart(6)} µs a record\n`)
}
