// Functions that run IN the renderer page for the UI benchmark (passed to page.evaluate, so
// each is self-contained: no imports, no closures over Node values).

interface TimedWindow {
  __parleyInvoke(channel: string, args: unknown[]): Promise<unknown>
  __historyMs?: number[]
}

/**
 * Times each 'messages:history' call from the page (bridge → main → server → back), so an
 * open can be split into fetching the page and rendering it. Installed once per page.
 */
export function timeHistoryCalls(): void {
  const w = window as unknown as TimedWindow
  const invoke = w.__parleyInvoke
  w.__historyMs = []
  w.__parleyInvoke = async (channel, args) => {
    if (channel !== 'messages:history') return invoke(channel, args)
    const started = performance.now()
    try {
      return await invoke(channel, args)
    } finally {
      w.__historyMs?.push(performance.now() - started)
    }
  }
}

export interface OpenTiming {
  /** Click → the frame in which the newest message's row is visible has been painted. */
  ms: number
  /** Click → that row first found in the DOM (before layout, scroll and paint). */
  inDomMs: number
  /** Of which the history page's round trip (needs timeHistoryCalls); NaN when not timed. */
  historyFetchMs: number
  /** Rows in the message list once the newest one is painted. */
  rows: number
}

/**
 * Clicks the conversation whose list button contains `title` and resolves when the row
 * whose text is `newestText` is in the message list AND inside the scroller's viewport,
 * and that frame has been painted. A requestAnimationFrame loop checks the condition just
 * before each paint; a message posted from that callback runs after the paint.
 */
export function measureOpen([title, newestText, timeoutMs]: readonly [string, string, number]): Promise<OpenTiming> {
  return new Promise((resolve, reject) => {
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('nav[aria-label="Conversations"] button')]
    const button = buttons.find((candidate) => candidate.textContent?.includes(title))
    if (!button) return reject(new Error(`no conversation button "${title}"`))
    let inDomAt = 0
    const newestRow = (): HTMLElement | null => {
      const list = document.querySelector('[role="list"][aria-label="Messages"]')
      if (!list) return null
      for (const text of list.querySelectorAll<HTMLElement>('p.message-text')) if (text.textContent === newestText) return text
      return null
    }
    const visible = (row: HTMLElement): boolean => {
      const scroller = document.querySelector('[role="region"][aria-label="Message history"]')
      if (!scroller) return false
      const box = row.getBoundingClientRect()
      const view = scroller.getBoundingClientRect()
      return box.bottom > view.top && box.top < view.bottom && box.height > 0
    }
    const tick = () => {
      const elapsed = performance.now() - start
      if (elapsed > timeoutMs) return reject(new Error(`"${newestText}" not painted within ${timeoutMs} ms`))
      const row = newestRow()
      if (row && !inDomAt) inDomAt = performance.now()
      if (!row || !visible(row)) return void requestAnimationFrame(tick)
      const channel = new MessageChannel()
      channel.port1.onmessage = () => {
        performance.mark('parley-open-painted')
        const measure = performance.measure('parley-open', 'parley-open-start', 'parley-open-painted')
        const rows = document.querySelectorAll('[role="list"][aria-label="Messages"] > [role="listitem"]').length
        channel.port1.close()
        const fetches = (window as unknown as { __historyMs?: number[] }).__historyMs?.splice(0) ?? []
        resolve({ ms: measure.duration, inDomMs: inDomAt - start, historyFetchMs: fetches[0] ?? Number.NaN, rows })
      }
      channel.port2.postMessage(null)
    }
    performance.clearMarks()
    performance.clearMeasures()
    ;(window as unknown as { __historyMs?: number[] }).__historyMs?.splice(0)
    performance.mark('parley-open-start')
    const start = performance.now()
    button.click()
    requestAnimationFrame(tick)
  })
}

export interface ScrollStep {
  /** Smallest "Message N" number rendered after the step. */
  oldest: number
  /** The list shows "This is the beginning of the conversation." */
  atBeginning: boolean
  /** Rows in the message list after the step. */
  rows: number
}

/** Scrolls the message view to the top and waits (per frame) until older rows render. */
export function scrollUpOnce(timeoutMs: number): Promise<ScrollStep> {
  return new Promise((resolve, reject) => {
    const scroller = document.querySelector<HTMLElement>('[role="region"][aria-label="Message history"]')
    if (!scroller) return reject(new Error('no message scroller'))
    const read = (): ScrollStep => {
      let oldest = Number.POSITIVE_INFINITY
      for (const text of scroller.querySelectorAll('p.message-text')) {
        const n = /^Message (\d+)/.exec(text.textContent ?? '')?.[1]
        if (n) oldest = Math.min(oldest, Number(n))
      }
      const atBeginning = [...scroller.querySelectorAll('.history-edge')].some((edge) => edge.textContent?.includes('beginning of the conversation'))
      return { oldest, atBeginning, rows: scroller.querySelectorAll('[role="listitem"]').length }
    }
    const before = read().oldest
    const start = performance.now()
    scroller.scrollTop = 0
    scroller.dispatchEvent(new Event('scroll'))
    const tick = () => {
      const now = read()
      if (now.oldest < before || now.atBeginning) return resolve(now)
      if (performance.now() - start > timeoutMs) return reject(new Error(`no older messages within ${timeoutMs} ms (oldest ${before})`))
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
}

/** Round trips of a trivial call ('app:info') through the page's bridge: the rig's IPC cost. */
export async function timeBridgeRoundTrips(runs: number): Promise<number[]> {
  const parley = (window as unknown as { parley: { invoke(channel: string): Promise<unknown> } }).parley
  const samples: number[] = []
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now()
    await parley.invoke('app:info')
    samples.push(performance.now() - started)
  }
  return samples
}
