// The cluster's floor (cluster-fanout): baseline processes that relay every message to each
// other through Redis pub/sub the way Parley's nodes do (the origin delivers at once, one
// publish per event-loop turn, every process on one channel skipping its own envelopes
// before parsing them), and nothing else: no storage, no validation, no auth. What a message
// costs here over one bare baseline process is what the topology itself costs on this
// machine (the extra hops and the process wake-ups they bring), whatever the server does.
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'

const CHANNEL = 'baseline:relay'

/** A frame for one conversation's sockets, serialized once by its origin. */
export type Relayed = [conversation: number, frame: string]

export interface Relay {
  /** To every other process, with whatever else this event-loop turn publishes. */
  publish(conversation: number, frame: string): void
  close(): void
}

export async function openRelay(url: string, deliver: (conversation: number, frame: string) => void): Promise<Relay> {
  const node = randomUUID()
  const ownPrefix = Buffer.from(`{"node":"${node}",`)
  const publisher = new Redis(url, { lazyConnect: true })
  const subscriber = new Redis(url, { lazyConnect: true })
  await Promise.all([publisher.connect(), subscriber.connect()])
  await subscriber.subscribe(CHANNEL)
  subscriber.on('messageBuffer', (_channel: Buffer, bytes: Buffer) => {
    if (bytes.subarray(0, ownPrefix.byteLength).equals(ownPrefix)) return
    const { items } = JSON.parse(bytes.toString()) as { items: Relayed[] }
    for (const [conversation, frame] of items) deliver(conversation, frame)
  })
  let pending: Relayed[] = []
  const flush = (): void => {
    const items = pending
    pending = []
    // A publish that fails (Redis gone) shows as lost messages in the load's own count.
    publisher.publish(CHANNEL, JSON.stringify({ node, items })).catch(() => undefined)
  }
  return {
    publish(conversation, frame) {
      if (pending.length === 0) setImmediate(flush)
      pending.push([conversation, frame])
    },
    close() {
      publisher.disconnect()
      subscriber.disconnect()
    },
  }
}
