// A packaged app ignores the development and test switches (issue 10): none of them may be
// turned on from the environment of an installed Parley.
import { describe, expect, it } from 'vitest'
import { readRuntimeSwitches } from '../../src-main/app/runtime-switches'

const everything = {
  ELECTRON_RENDERER_URL: 'http://localhost:5173/',
  PARLEY_INSECURE_TEST_SECRETS: '1',
  PARLEY_E2E: '1',
  PARLEY_NO_EMBEDDED_SERVER: '1',
  PARLEY_DATA_DIR: '/tmp/parley-portable',
}

describe('runtime switches', () => {
  it('are honoured in development and tests', () => {
    expect(readRuntimeSwitches(false, everything)).toEqual({
      rendererDevUrl: 'http://localhost:5173/',
      insecureTestSecrets: true,
      e2eHooks: true,
      noEmbeddedServer: true,
      dataDir: '/tmp/parley-portable',
    })
  })

  it('are all off in a packaged app, whatever the environment says', () => {
    expect(readRuntimeSwitches(true, everything)).toEqual({
      rendererDevUrl: null,
      insecureTestSecrets: false,
      e2eHooks: false,
      noEmbeddedServer: false,
      // Only where the user's own data lives (portable installs): it grants nothing.
      dataDir: '/tmp/parley-portable',
    })
  })

  it('are off when unset', () => {
    expect(readRuntimeSwitches(false, {})).toEqual({ rendererDevUrl: null, insecureTestSecrets: false, e2eHooks: false, noEmbeddedServer: false, dataDir: null })
  })

  it('take a dev server only on this machine, over http', () => {
    for (const url of ['https://evil.example/', 'http://192.168.1.9:5173/', 'file:///tmp/x.html', 'javascript:alert(1)', 'not a url']) {
      expect(readRuntimeSwitches(false, { ELECTRON_RENDERER_URL: url }).rendererDevUrl, url).toBeNull()
    }
    expect(readRuntimeSwitches(false, { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' }).rendererDevUrl).toBe('http://127.0.0.1:5173/')
  })

  it('need exactly "1" for the boolean ones', () => {
    expect(readRuntimeSwitches(false, { PARLEY_INSECURE_TEST_SECRETS: 'true', PARLEY_E2E: 'yes' })).toMatchObject({ insecureTestSecrets: false, e2eHooks: false })
  })
})
