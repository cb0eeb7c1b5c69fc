// Where the better-sqlite3 addon built for Electron's ABI lives (one node_modules holds one
// ABI, the Node build stays there for tests: docs/architecture.md, "One node_modules, one ABI").
// scripts/prepare-electron-native.mjs writes it to .native/; the packaged app carries it
// as an extra resource.
import { app } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function electronSqliteBinding(): string | undefined {
  const candidates = app.isPackaged
    ? [join(process.resourcesPath, 'native', 'better_sqlite3.node')]
    : [join(app.getAppPath(), '.native', 'better_sqlite3.node')]
  return candidates.find((path) => existsSync(path))
}
