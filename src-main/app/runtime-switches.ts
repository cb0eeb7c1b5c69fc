// The environment switches of development and tests, read in one place. A packaged app
// ignores all of them: otherwise whoever can set an environment variable for the user could
// point the window at their own page (whose origin main would then trust for IPC), make
// tokens be kept in plain text, or expose the e2e recorder. Pure, so tests can check both
// sides of the switch without Electron.

export interface RuntimeSwitches {
  /** electron-vite's dev server (ELECTRON_RENDERER_URL); null: the bundled renderer. */
  rendererDevUrl: string | null
  /** PARLEY_INSECURE_TEST_SECRETS=1: secrets in a plaintext file, for CI without a keyring. */
  insecureTestSecrets: boolean
  /** PARLEY_E2E=1: OS surfaces recorded for `_electron` specs (client/os-recorder.ts). */
  e2eHooks: boolean
  /** PARLEY_NO_EMBEDDED_SERVER=1: specs that bring their own server. */
  noEmbeddedServer: boolean
  /**
   * PARLEY_DATA_DIR: another userData folder. Honoured when packaged too, on purpose: it
   * only chooses where the user's own data lives (portable installs), and grants nothing.
   */
  dataDir: string | null
}

export type Environment = Readonly<Record<string, string | undefined>>

export function readRuntimeSwitches(isPackaged: boolean, env: Environment): RuntimeSwitches {
  const dataDir = env.PARLEY_DATA_DIR?.trim() ? env.PARLEY_DATA_DIR : null
  if (isPackaged) return { rendererDevUrl: null, insecureTestSecrets: false, e2eHooks: false, noEmbeddedServer: false, dataDir }
  return {
    rendererDevUrl: loopbackHttpUrl(env.ELECTRON_RENDERER_URL),
    insecureTestSecrets: env.PARLEY_INSECURE_TEST_SECRETS === '1',
    e2eHooks: env.PARLEY_E2E === '1',
    noEmbeddedServer: env.PARLEY_NO_EMBEDDED_SERVER === '1',
    dataDir,
  }
}

/** The dev server runs on this machine: anything else is refused even in development. */
function loopbackHttpUrl(value: string | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]'
    return url.protocol === 'http:' && loopback ? url.href : null
  } catch {
    return null
  }
}
