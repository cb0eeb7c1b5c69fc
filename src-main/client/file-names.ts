// Names of received files as they land on the user's disk: sanitized (a sender controls
// them) and checked for types that run code when opened.
import { extname } from 'node:path'
import { stripInvisible } from '../../src-shared/protocol/visible-text'

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i

/** A safe single file name: no path parts, control, invisible/bidi or reserved characters; never empty. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? ''
  let clean = stripInvisible(base)
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
  if (WINDOWS_RESERVED.test(clean)) clean = `_${clean}`
  if (clean.length > 200) {
    const ext = extname(clean).slice(0, 20)
    clean = clean.slice(0, 200 - ext.length) + ext
  }
  return clean || 'file'
}

// Opening these runs code (or installs it) on at least one desktop OS.
const RISKY_EXTENSIONS = new Set([
  'exe', 'msi', 'msix', 'msp', 'bat', 'cmd', 'com', 'scr', 'pif', 'cpl', 'msc', 'hta', 'reg', 'lnk', 'url',
  'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'jar', 'appref-ms', 'application', 'gadget',
  'app', 'command', 'tool', 'pkg', 'mpkg', 'dmg', 'workflow', 'terminal',
  'sh', 'bash', 'zsh', 'csh', 'run', 'bin', 'desktop', 'appimage', 'deb', 'rpm', 'snap', 'flatpakref',
  'py', 'pyw', 'pl', 'rb', 'php', 'apk', 'elf', 'out', 'dll', 'so', 'dylib', 'iso', 'img', 'vhd', 'vhdx',
])

export function isRiskyToOpen(name: string): boolean {
  const ext = extname(name).slice(1).toLowerCase()
  return ext === '' || RISKY_EXTENSIONS.has(ext)
}
