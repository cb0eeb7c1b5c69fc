// The sign-in screen's list of Parley hosts on the LAN: browsing starts when the screen asks
// and stops after a while without asking (mDNS queries are cheap, not free), changes are
// pushed as 'hosts-discovered'.
import type { DiscoveredHost } from '../../src-shared/ipc/contract'
import { startDiscovery, type Discovery } from '../server/lan/discovery'

const IDLE_STOP_MS = 3 * 60_000

export interface DiscoveryService {
  list(): DiscoveredHost[]
  close(): Promise<void>
}

export function createDiscoveryService(emit: (hosts: DiscoveredHost[]) => void, log: (event: string) => void = () => {}): DiscoveryService {
  let discovery: Discovery | null = null
  let idle: ReturnType<typeof setTimeout> | null = null
  const stop = () => {
    const current = discovery
    discovery = null
    void current?.stop()
  }
  return {
    list() {
      if (idle) clearTimeout(idle)
      idle = setTimeout(stop, IDLE_STOP_MS)
      idle.unref?.()
      if (!discovery) {
        try {
          discovery = startDiscovery(emit, () => log('discovery-error'))
        } catch {
          log('discovery-unavailable') // no multicast here: the manual address still works
          return []
        }
      } else {
        discovery.refresh()
      }
      return discovery.hosts()
    },
    async close() {
      if (idle) clearTimeout(idle)
      const current = discovery
      discovery = null
      await current?.stop()
    },
  }
}
