// The SQLite repositories are synchronous (better-sqlite3); the Storage interface is async.
// promised() exposes a repository's methods as async ones that run the call at once and
// hand back its result (or its error) in a settled promise: no extra work, no reordering.

type Promised<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never }

/** Runs `work` now; its result or error as a promise. */
export function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work())
  } catch (error) {
    return Promise.reject(error as Error)
  }
}

/** The named methods of `target`, each run at once with its result as a settled promise. */
export function promised<T extends object, K extends keyof T>(target: T, names: readonly K[]): Promised<Pick<T, K>> {
  const methods: Record<PropertyKey, unknown> = {}
  for (const name of names) {
    const method = target[name] as (...args: unknown[]) => unknown
    methods[name] = (...args: unknown[]) => settled(() => method.apply(target, args))
  }
  return methods as Promised<Pick<T, K>>
}
