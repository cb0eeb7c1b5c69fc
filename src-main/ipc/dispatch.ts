// The one place an IPC call is checked and answered: the channel must be in the contract,
// its arguments must pass the contract's zod schema, and whatever happens the caller gets
// an InvokeEnvelope (Electron flattens thrown errors to text, so nothing is thrown across).
import type { InvokeEnvelope } from '../../src-shared/ipc/bridge'
import { invokeSchemas, type InvokeArgs, type InvokeChannel, type InvokeResults } from '../../src-shared/ipc/contract'
import { describeZodError, toErrorShape } from './errors'

export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResults[C]> | InvokeResults[C]
}

export type Dispatch = (channel: unknown, args: unknown[]) => Promise<InvokeEnvelope<unknown>>

export type DispatchLog = (event: string, fields: Record<string, unknown>) => void

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeSchemas, channel)
}

export function createDispatcher(handlers: InvokeHandlers, log: DispatchLog = () => {}): Dispatch {
  return async (channel, args) => {
    if (!isInvokeChannel(channel)) {
      return { ok: false, error: { code: 'invalid-argument', message: 'Unknown request' } }
    }
    const parsed = invokeSchemas[channel].safeParse(args)
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid-argument', message: describeZodError(parsed.error) } }
    }
    try {
      const handler = handlers[channel] as (...values: unknown[]) => unknown
      const value = await handler(...(parsed.data as unknown[]))
      return { ok: true, value }
    } catch (error) {
      const { shape, expected } = toErrorShape(error)
      // Only the channel and error class are logged: arguments may hold passwords or text.
      if (!expected) log('ipc-handler-failed', { channel, error: error instanceof Error ? error.name : typeof error })
      return { ok: false, error: shape }
    }
  }
}
