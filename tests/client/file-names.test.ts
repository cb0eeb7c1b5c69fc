// Names a sender controls become names on the user's disk: no path parts, no reserved
// or control characters, never empty; and the types that run code are recognized.
import { describe, expect, it } from 'vitest'
import { isRiskyToOpen, sanitizeFileName } from '../../src-main/client/file-names'

describe('sanitizeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\system32\\evil.dll', 'evil.dll'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['line\nbreak\u0000.txt', 'line_break_.txt'],
    ['...hidden', 'hidden'],
    ['trailing dots...', 'trailing dots'],
    ['CON.txt', '_CON.txt'],
    ['', 'file'],
    ['/', 'file'],
    ['\u202egnp.exe', 'gnp.exe'],
    ['report\u2066\u200b.pdf', 'report.pdf'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected)
  })

  it('keeps the extension when shortening a long name', () => {
    const clean = sanitizeFileName(`${'x'.repeat(400)}.jpeg`)
    expect(clean.length).toBe(200)
    expect(clean.endsWith('.jpeg')).toBe(true)
  })
})

describe('isRiskyToOpen', () => {
  it('flags programs, scripts, installers and extension-less files', () => {
    for (const name of ['setup.exe', 'run.sh', 'App.dmg', 'x.AppImage', 'macro.vbs', 'tool.jar', 'README']) expect(isRiskyToOpen(name)).toBe(true)
    for (const name of ['photo.jpg', 'notes.txt', 'deck.pdf', 'song.mp3', 'archive.zip']) expect(isRiskyToOpen(name)).toBe(false)
  })
})
