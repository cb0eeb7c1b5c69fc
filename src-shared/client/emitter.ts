// A tiny typed event emitter for the engine's events (EngineEvents in types.ts).
// A throwing listener is reported and never breaks the engine or other listeners.
import type { EngineEvent as EventChannel, EngineEvents as EventPayloads } from './types'

type Listener<E extends EventChannel> = (payload: EventPayloads[E]) => void

export class EventHub {
  private readonly listeners = new Map<EventChannel, Set<Listener<EventChannel>>>()

  constructor(private readonly onListenerError: (event: EventChannel, error: unknown) => void = () => {}) {}

  on<E extends EventChannel>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener as Listener<EventChannel>)
    return () => {
      set.delete(listener as Listener<EventChannel>)
    }
  }

  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        ;(listener as Listener<E>)(payload)
      } catch (error) {
        this.onListenerError(event, error)
      }
    }
  }

  clear(): void {
    this.listeners.clear()
  }
}
