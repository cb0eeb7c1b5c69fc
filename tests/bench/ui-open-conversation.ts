// UI benchmark (issue 4, Performance): the built renderer in Debian's Chromium, with the
// desktop bridge (the real main-process IPC handlers in this process) in front of a real
// embedded Parley server holding a 10,000-message conversation.
//  - open: click on the conversation → the newest message's row painted (performance marks
//    in the page, a requestAnimationFrame loop), several cold opens, p50/p95; the baseline
//    in the same run is opening a one-message conversation the same way.
//  - DOM: rows in the message list once open.
//  - heap: V8 heap (CDP Runtime.getHeapUsage after a forced GC) at the bottom, after
//    scrolling past the messages kept in memory, and after scrolling through the history.
// The renderer must be built first (`npx electron-vite build`); the server is always
// Parley (there is no UI on the baseline server), so --servers does not apply.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from '@playwright/test'
import { startEmbeddedServer, type EmbeddedServer } from '../client/support/embedded-server'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from '../client/support/test-services'
import { forwardEvents, installBridge } from '../ui/fixtures/desktop-bridge'
import { serveStatic, type StaticServer } from '../ui/fixtures/static-server'
import { below, type ScenarioReport } from './harness/report'
import { mib, percentileOfSorted, round } from './harness/stats'
import type { Scenario, ScenarioContext } from './scenarios/scenario'
import { measureOpen, scrollUpOnce, timeBridgeRoundTrips, timeHistoryCalls, type OpenTiming } from './ui-page-probes'

const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const rendererRoot = join(projectRoot, 'out', 'renderer')
const NAME = 'ui-open-conversation'
const TOTAL = 10_000
const OPEN_TARGET_MS = 150
/** Scrolling further than the window holds must not grow the heap by more than this. */
const HEAP_GROWTH_TARGET_MIB = 1
// The flags playwright.config.ts launches Chromium with.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

export function uiScenarios(): Scenario[] {
  return [{
    name: NAME,
    describe: 'renderer in Chromium: open a 10,000-message conversation (click → newest painted), DOM rows, JS heap while scrolling history',
    run: uiOpenConversation,
  }]
}

interface Rig {
  server: EmbeddedServer
  main: TestMainProcess
  site: StaticServer
  browser: Browser
  page: Page
  bigId: number
  close(): Promise<void>
}

/** The latest page fetched straight from main in Node: the open's fetch without the page bridge. */
async function timeHistoryInMain(rig: Rig, runs: number): Promise<number[]> {
  const samples: number[] = []
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now()
    const envelope = await rig.main.invoke('messages:history', rig.bigId)
    samples.push(performance.now() - started)
    if (!envelope.ok) throw new Error(`history failed: ${envelope.error.message}`)
  }
  return samples
}

/** Seeds the server, signs in main, and loads the renderer with the desktop bridge. */
async function startRig(context: ScenarioContext): Promise<Rig> {
  if (!existsSync(join(rendererRoot, 'index.html'))) throw new Error('out/renderer is missing: run `npx electron-vite build` first')
  const dataDir = await makeTempDir('parley-bench-ui-')
  const server = await startEmbeddedServer({ registration: 'open' })
  const closers: (() => Promise<unknown>)[] = [() => server.close(), () => removeDir(dataDir)]
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined)
  }
  try {
    const password = 'correct horse 1'
    const user = (fullName: string) => server.admin.createUser({ email: `${fullName.split(' ')[0]!.toLowerCase()}@bench.example`, password, fullName })
    const ada = await user('Ada Reader')
    const bob = await user('Bob Archive')
    const big = await server.admin.createConversation([ada.id, bob.id])
    const small = await server.admin.createConversation([ada.id, (await user('Cy Single')).id])
    const filler = await server.admin.createConversation([ada.id, (await user('Dee Filler')).id])
    const chat = server.running().chat
    context.log(`${NAME}: storing ${TOTAL.toLocaleString('en')} messages`)
    for (let start = 1; start <= TOTAL; start += 500) {
      await Promise.all(Array.from({ length: Math.min(500, TOTAL - start + 1) }, (_, i) => {
        const n = start + i
        const long = n % 7 === 0 ? ' — a longer line that wraps onto a second row when the window is narrow enough to need it' : ''
        return chat.postMessage({ conversationId: big.id, sender: n % 2 ? bob : ada, content: `Message ${n}${long}` })
      }))
    }
    for (const [conversation, text] of [[small, 'Only message'], [filler, 'Filler message']] as const) {
      await chat.postMessage({ conversationId: conversation.id, sender: ada, content: text })
    }

    const main = await startTestMainProcess({ dataDir })
    closers.push(() => main.stop())
    const signedIn = await main.invoke('session:sign-in', { server: server.url, email: ada.email, password })
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.message}`)
    const site = await serveStatic(rendererRoot, { media: main.ipc.media })
    closers.push(() => site.close())
    const browser = await chromium.launch({ executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
    closers.push(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    page.on('pageerror', (error) => context.log(`${NAME}: page error: ${error.message}`))
    const stopForwarding = forwardEvents(page, main)
    closers.push(async () => stopForwarding())
    await page.exposeBinding('__parleyInvoke', async (_source, channel: unknown, args: unknown) =>
      main.invoke(channel as string, ...(Array.isArray(args) ? args : [])))
    // tsx (esbuild keepNames) wraps named functions in __name(); functions sent to the page
    // (installBridge, the probes) carry those calls, so the page needs the helper too.
    await page.addInitScript({ content: 'globalThis.__name = (target) => target' })
    await page.addInitScript(installBridge)
    await page.goto(`${site.url}/index.html`)
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Dee Filler/ }).waitFor({ timeout: 30_000 })
    return { server, main, site, browser, page, bigId: big.id, close }
  } catch (error) {
    await close()
    throw error
  }
}

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    runs: samples.length,
    p50_ms: round(percentileOfSorted(sorted, 50), 1),
    p95_ms: round(percentileOfSorted(sorted, 95), 1),
    max_ms: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
  }
}

async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    await cdp.send('HeapProfiler.collectGarbage')
    const { usedSize } = await cdp.send('Runtime.getHeapUsage')
    return mib(usedSize)
  } finally {
    await cdp.detach()
  }
}

async function uiOpenConversation(context: ScenarioContext): Promise<ScenarioReport> {
  const runs = context.quick ? 4 : 12
  const rig = await startRig(context)
  try {
    const { page } = rig
    await page.evaluate(timeHistoryCalls)
    const open = (title: string, newest: string) => page.evaluate(measureOpen, [title, newest, 30_000] as const)
    // One unmeasured round loads the code paths; then big → small → filler cycles keep
    // every measured open cold (the store keeps only the active and the previous history).
    const newest = `Message ${TOTAL}`
    await open('Bob Archive', newest)
    await open('Cy Single', 'Only message')
    await open('Dee Filler', 'Filler message')
    const big: OpenTiming[] = []
    const small: OpenTiming[] = []
    for (let run = 0; run < runs; run += 1) {
      big.push(await open('Bob Archive', newest))
      small.push(await open('Cy Single', 'Only message'))
      await open('Dee Filler', 'Filler message')
    }
    const historyInMain = summarize(await timeHistoryInMain(rig, runs))
    const bridgeRoundTrip = summarize(await page.evaluate(timeBridgeRoundTrips, runs * 2))
    context.log(`${NAME}: ${runs} opens each, now scrolling through the history`)

    // Heap: at the bottom, after scrolling past what the window holds, and at the top.
    const bottom = await open('Bob Archive', newest)
    const heapAtBottom = await heapMiB(page)
    let step = await page.evaluate(scrollUpOnce, 30_000)
    let steps = 1
    let maxRows = bottom.rows
    while (step.oldest > TOTAL - 1500 && !step.atBeginning) {
      step = await page.evaluate(scrollUpOnce, 30_000)
      steps += 1
      maxRows = Math.max(maxRows, step.rows)
    }
    const heapPastWindow = await heapMiB(page)
    const scrolledPastWindow = TOTAL - step.oldest + 1
    const stopAt = context.quick ? TOTAL - 4000 : 1
    while (step.oldest > stopAt && !step.atBeginning) {
      step = await page.evaluate(scrollUpOnce, 30_000)
      steps += 1
      maxRows = Math.max(maxRows, step.rows)
    }
    const heapAtTop = await heapMiB(page)
    const scrolledTotal = TOTAL - step.oldest + 1

    const open10k = summarize(big.map((t) => t.ms))
    const openSmall = summarize(small.map((t) => t.ms))
    const inDom10k = summarize(big.map((t) => t.inDomMs))
    const fetch10k = summarize(big.map((t) => t.historyFetchMs))
    const heapGrowth = round(heapAtTop - heapPastWindow, 2)
    const rows = big[big.length - 1]?.rows ?? 0
    return {
      scenario: NAME,
      quick: context.quick,
      params: { messages: TOTAL, runs, viewport: '1280x720', chromium: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium' },
      results: {
        parley: {
          open_10k: open10k,
          open_10k_in_dom: inDom10k,
          open_10k_history_fetch: fetch10k,
          history_page_in_main: historyInMain,
          bridge_round_trip: bridgeRoundTrip,
          open_one_message_baseline: openSmall,
          dom_rows_open: rows,
          dom_rows_max_scrolling: maxRows,
          scroll_steps: steps,
          heap_mib: { at_bottom: heapAtBottom, after_scrolling: { messages: scrolledPastWindow, mib: heapPastWindow }, at_top: { messages: scrolledTotal, mib: heapAtTop } },
        },
      },
      targets: [
        { ...below('open 10,000-message conversation p50 (click → newest painted)', open10k.p50_ms, OPEN_TARGET_MS, 'ms'), detail: `p95 ${open10k.p95_ms} ms; history fetch p50 ${fetch10k.p50_ms} ms (in main ${historyInMain.p50_ms} ms, a bare bridge round trip ${bridgeRoundTrip.p50_ms} ms); one-message baseline p50 ${openSmall.p50_ms} / p95 ${openSmall.p95_ms} ms` },
        { ...below('open 10,000-message conversation p95', open10k.p95_ms, OPEN_TARGET_MS, 'ms'), detail: `${runs} cold opens, max ${open10k.max_ms} ms` },
        { ...below('DOM rows with the conversation open', rows, 60, 'rows'), detail: `at most ${maxRows} while scrolling ${scrolledTotal.toLocaleString('en')} messages` },
        {
          ...below(`JS heap growth scrolling ${scrolledPastWindow.toLocaleString('en')} → ${scrolledTotal.toLocaleString('en')} messages`, heapGrowth, HEAP_GROWTH_TARGET_MIB, 'MiB'),
          detail: `heap ${heapAtBottom} MiB at the bottom, ${heapPastWindow} after ${scrolledPastWindow.toLocaleString('en')}, ${heapAtTop} after ${scrolledTotal.toLocaleString('en')}`,
        },
      ],
    }
  } finally {
    await rig.close()
  }
}
