// `window.parley` for store tests: the real main-process handlers in this process
// (tests/client/support/test-services.ts), with chosen channels held until released.
import type { ParleyApi } from '../../../src-renderer/bridge'
import type { EventChannel, EventPayloads, InvokeChannel } from '../../../src-shared/ipc/contract'
import { toMediaUrl } from '../../../src-shared/ipc/media-url'
import type { TestMainProcess } from '../../client/support/test-services'

/** `window.parley` over the in-process main side; requests on `held` channels wait for release(). */
export function gatedBridge(main: TestMainProcess) {
  const held = new Set<InvokeChannel>()
  let waiting: (() => void)[] = []
  let inFlight: Promise<unknown>[] = []
  async function call(channel: InvokeChannel, args: unknown[], gate: Promise<void> | null): Promise<never> {
    await gate
    const envelope = await main.invoke(channel, ...args)
    if (envelope.ok) return envelope.value as never
    throw Object.assign(new Error(`[${envelope.error.code}] ${envelope.error.message}`), { code: envelope.error.code })
  }
  const api: ParleyApi = {
    invoke(channel, ...args) {
      if (!held.has(channel)) return call(channel, args, null)
      const request = call(channel, args, new Promise<void>((resolve) => waiting.push(resolve)))
      inFlight.push(request)
      return request
    },
    on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void) {
      return main.onEvent((recorded) => {
        if (recorded.event === event) listener(recorded.payload as EventPayloads[E])
      })
    },
    mediaUrl: toMediaUrl,
  }
  return {
    api,
    hold: (channel: InvokeChannel) => held.add(channel),
    waitingCount: () => waiting.length,
    /** Lets the held requests through; resolves once they are answered. */
    async release(): Promise<void> {
      held.clear()
      const resolvers = waiting
      const requests = inFlight
      waiting = []
      inFlight = []
      resolvers.forEach((resolve) => resolve())
      await Promise.allSettled(requests)
    },
  }
}
