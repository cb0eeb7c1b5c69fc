// @peculiar/x509 resolves its providers with tsyringe, which refuses to load without the
// Reflect metadata API (the library's README asks for a polyfill such as reflect-metadata).
// Until that package is a dependency, this installs the three calls tsyringe makes, backed
// by a WeakMap; x509 registers no constructor parameters, so nothing else is needed.
// Import it first, and load @peculiar/x509 with a dynamic import after it (certificate.ts
// does): a bundler hoists static imports of packages above any code of ours.
type Key = unknown
const store = new WeakMap<object, Map<Key, unknown>>()
const reflect = Reflect as unknown as Record<string, unknown>

if (typeof reflect.getMetadata !== 'function') {
  const own = (key: Key, target: object): unknown => store.get(target)?.get(key)
  reflect.getOwnMetadata = own
  reflect.getMetadata = (key: Key, target: object): unknown => {
    for (let at: object | null = target; at; at = Object.getPrototypeOf(at) as object | null) {
      const value = own(key, at)
      if (value !== undefined) return value
    }
    return undefined
  }
  reflect.defineMetadata = (key: Key, value: unknown, target: object): void => {
    let map = store.get(target)
    if (!map) store.set(target, (map = new Map()))
    map.set(key, value)
  }
}

export {}
