// Runs before any other renderer module: the page's CSP has no 'unsafe-eval', and zod 4
// probes `new Function` to compile fast parsers, which the CSP blocks and reports as a
// violation. Jitless parsing is what a page without eval can use anyway.
import { config } from 'zod'

config({ jitless: true })
