// Search (issue 11): GET /api/parley/search/ on a Parley server holding 1,000,000 messages
// (100,000 with --quick), from its own process, as the searching user sees it over HTTP.
// The database is built before the server starts (load/search-corpus.ts); each kind of
// query runs many times with different words, one request at a time, and its p50/p95 is
// reported. Target: p95 under 50 ms for every kind.
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { below, type ScenarioReport, type TargetCheck } from '../harness/report'
import { startServerProcess } from '../harness/server-process'
import { percentileOfSorted, round } from '../harness/stats'
import { login } from '../load/auth'
import { buildCorpus, type Corpus } from '../load/search-corpus'
import { fetchFor } from '../load/tls-clients'
import type { Scenario, ScenarioContext } from './scenario'

const TARGET_P95_MS = 50

export function searchScenarios(): Scenario[] {
  return [{
    name: 'search',
    describe: 'full-text search over 1,000,000 stored messages: p95 per kind of query (Parley)',
    run: runSearch,
  }]
}

interface QueryKind {
  name: string
  /** The query string for repetition `i` (q=…&…). */
  query(i: number): string
}

function queryKinds(corpus: Corpus, messages: number): QueryKind[] {
  const words = corpus.vocabulary
  const pick = (from: number, to: number, i: number): string => words[from + ((i * 7919) % (to - from))] as string
  const q = (text: string, extra = ''): string => `q=${encodeURIComponent(text)}${extra}`
  const folded = ['cafe', 'resume', 'deja', 'naive', 'uber', 'zurich', 'creme', 'facade', 'entree', 'jalapeno']
  return [
    { name: 'common word', query: (i) => q(pick(0, 30, i)) },
    { name: 'rare word', query: (i) => q(pick(5_000, 19_000, i)) },
    { name: 'prefix (as you type)', query: (i) => q(pick(100, 3_000, i).slice(0, 2 + (i % 3))) },
    { name: 'two words', query: (i) => q(`${pick(0, 200, i)} ${pick(50, 2_000, i + 1).slice(0, 3)}`) },
    { name: 'accents folded', query: (i) => q(folded[i % folded.length] as string) },
    { name: 'file name', query: (i) => q(corpus.fileWords[i % corpus.fileWords.length] as string) },
    { name: 'one conversation', query: (i) => q(pick(0, 500, i), `&conversation=${corpus.busyConversation}`) },
    { name: 'next page', query: (i) => q(pick(0, 30, i), `&before=${Math.floor(messages / 2) + i * 97}`) },
  ]
}

async function runSearch(context: ScenarioContext): Promise<ScenarioReport> {
  const messages = context.quick ? 100_000 : 1_000_000
  const shape = { messages, users: 2_000, conversations: 5_000, askerShare: 0.02 }
  const repetitions = context.quick ? 40 : 200
  const dataDir = await mkdtemp(join(context.tmpRoot, 'search-'))
  context.log(`search: building a database of ${messages} messages`)
  const corpus = buildCorpus(dataDir, shape)
  context.log(`search: built in ${corpus.build_ms} ms; starting the server`)
  const server = await startServerProcess('parley', { launch: { dataDir, maxSocketsPerUser: 16 }, profileDir: context.profileDir })
  try {
    const token = await login(server.url, corpus.asker.email, corpus.asker.password)
    const get = fetchFor(server.url)
    const ask = async (query: string): Promise<{ ms: number; results: number }> => {
      const started = performance.now()
      const response = await get(`${server.url}/api/parley/search/?${query}&ext=edit,delete,reply,reactions,mentions`, {
        headers: { authorization: `Bearer ${token}` },
      })
      const body = (await response.json()) as { results?: unknown[] }
      const ms = performance.now() - started
      if (response.status !== 200 || !Array.isArray(body.results)) throw new Error(`search ${query}: HTTP ${response.status}`)
      return { ms, results: body.results.length }
    }
    const stop = await server.profile('search')
    const results: Record<string, { p50_ms: number; p95_ms: number; max_ms: number; mean_results: number; example: string }> = {}
    for (const kind of queryKinds(corpus, messages)) {
      for (let i = 0; i < 5; i++) await ask(kind.query(repetitions + i)) // warm-up
      const times: number[] = []
      let found = 0
      for (let i = 0; i < repetitions; i++) {
        const answer = await ask(kind.query(i))
        times.push(answer.ms)
        found += answer.results
      }
      times.sort((a, b) => a - b)
      results[kind.name] = {
        p50_ms: round(percentileOfSorted(times, 50), 2),
        p95_ms: round(percentileOfSorted(times, 95), 2),
        max_ms: round(times.at(-1) as number, 2),
        mean_results: round(found / repetitions, 1),
        example: decodeURIComponent(kind.query(0)),
      }
      context.log(`search: ${kind.name}: p50 ${results[kind.name]?.p50_ms} ms, p95 ${results[kind.name]?.p95_ms} ms`)
    }
    await stop()
    const targets: TargetCheck[] = Object.entries(results).map(([name, r]) => ({
      ...below(`search p95: ${name}`, r.p95_ms, TARGET_P95_MS, 'ms'),
      detail: `p50 ${r.p50_ms} ms, max ${r.max_ms} ms, ${r.mean_results} results/page`,
    }))
    return {
      scenario: 'search',
      quick: context.quick,
      params: { ...shape, repetitions, build_ms: corpus.build_ms },
      results: { parley: results },
      targets,
    }
  } finally {
    await server.close()
  }
}
