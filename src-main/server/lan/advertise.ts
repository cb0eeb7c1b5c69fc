// Advertises a running Parley server as `_parley._tcp` over mDNS/DNS-SD (bonjour-service),
// so the sign-in screen of other Parley apps on the LAN lists it. TXT: name, protocol,
// registration, fp (TLS fingerprint). Nothing is advertised for a loopback-only server (nobody else can reach it).
import { Bonjour, type Service } from 'bonjour-service'
import { hostname } from 'node:os'
import type { Registration } from '../options'
import { isLoopback } from './addresses'
import { SERVICE_TYPE, TXT_PROTOCOL, type ParleyTxt } from './mdns'

export interface AdvertiseOptions {
  /** Shown to people browsing (TXT `name`, and the DNS-SD instance name). */
  name: string
  port: number
  /** The address the server listens on; multicast goes out on that interface only. */
  host: string
  registration: Registration
  /** The TLS certificate's fingerprint (TXT `fp`), null without TLS. */
  fingerprint?: string | null
  onError?: (error: Error) => void
}

export interface Advertisement {
  readonly active: boolean
  /** Re-announces with a new TXT record (registration mode changed). */
  update(registration: Registration): void
  /** Sends goodbye packets and closes the multicast socket. */
  stop(): Promise<void>
}

export function advertise(options: AdvertiseOptions): Advertisement {
  if (isLoopback(options.host)) return { active: false, update() {}, stop: async () => {} }
  const specificIpv4 = /^\d+\.\d+\.\d+\.\d+$/.test(options.host) && options.host !== '0.0.0.0'
  const report = options.onError ?? (() => {})
  // The options go on to multicast-dns (typed by bonjour-service as service defaults only);
  // multicast-dns throws from its socket's error handler unless given a callback.
  const socketOptions = (specificIpv4 ? { interface: options.host } : {}) as ConstructorParameters<typeof Bonjour>[0]
  const bonjour = new Bonjour(socketOptions, (error: Error) => report(error))
  let service: Service | null = null
  let stopped = false
  // DNS-SD instance names must be unique on the LAN, and bonjour-service only logs a clash
  // (the service is silently withdrawn): make ours unique by host and port. People see the
  // TXT `name`, not the instance name.
  const instance = `${options.name} (${hostname()}:${options.port})`.slice(0, 63)

  const publish = (registration: Registration): void => {
    const txt: ParleyTxt = { name: options.name, protocol: TXT_PROTOCOL, registration, ...(options.fingerprint ? { fp: options.fingerprint } : {}) }
    const next = bonjour.publish({ name: instance, type: SERVICE_TYPE, port: options.port, txt: { ...txt } })
    next.on('error', (error: Error) => {
      if (!stopped && next === service) report(error)
    })
    service = next
  }
  publish(options.registration)

  return {
    active: true,
    update(registration) {
      if (stopped) return
      const previous = service
      service = null
      previous?.stop?.(() => {
        if (!stopped) publish(registration)
      })
    },
    stop() {
      if (stopped) return Promise.resolve()
      stopped = true
      return new Promise<void>((resolve) => {
        // unpublishAll sends the goodbyes; destroy closes the socket afterwards.
        bonjour.unpublishAll(() => bonjour.destroy(() => resolve()))
      })
    },
  }
}
