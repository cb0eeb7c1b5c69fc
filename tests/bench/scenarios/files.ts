// File scenarios (issue 2): a 20 MB file through the seed's base64 frame (Parley and the
// baseline), and 1 GiB through Parley's chunked upload, with the server's peak RSS. Each
// also runs over TLS (wss + https download, issue 8) next to plain Parley in the same run.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { atLeast, below, type ScenarioReport, type TargetCheck } from '../harness/report'
import { mbPerSecond, mib, round } from '../harness/stats'
import { withCpu } from '../harness/proc-cpu'
import { chunkedUpload } from '../load/chunked-upload'
import { seedUpload, type SeedUploadResult } from '../load/seed-upload'
import { downloadAndHash, writeTestFile } from '../load/test-file'
import type { ServerKind } from '../servers/ipc'
import type { Scenario, ScenarioContext } from './scenario'
import { startSession } from './session'

const MB = 1024 * 1024
const CHUNKED_WINDOW_BYTES = 16 * MB

export function fileScenarios(): Scenario[] {
  return [
    { name: 'file-seed-20mb', describe: '20 MB file as one base64 file_message, then GET file_url', run: seedScenario },
    { name: 'file-chunked-1gb', describe: '1 GiB through the chunked upload, streamed from disk; server peak RSS', run: chunkedScenario },
  ]
}

async function seedScenario(context: ScenarioContext): Promise<ScenarioReport> {
  const size = (context.quick ? 5 : 20) * MB
  const file = await writeTestFile(join(context.tmpRoot, 'seed-upload.bin'), size)
  const results: Record<string, ReturnType<typeof seedFigures> & { server_cpu_ms: number; server_peak_rss_mib: number }> = {}
  try {
    for (const kind of context.servers) {
      context.log(`file-seed: ${kind}`)
      const session = await startSession(kind, context, { request: { conversations: 1, usersPerConversation: 2, socketsPerUser: 1 } })
      try {
        const [sender] = await session.openSockets(session.setup.slice(0, 1))
        // One small file first so both servers' code paths are warm, like a running server.
        const warm = await writeTestFile(join(context.tmpRoot, 'seed-warmup.bin'), 256 * 1024)
        await seedUpload(sender!.ws, warm, 'bench-seed-warmup')
        const stopProfile = await session.server.profile('file-seed')
        const { value: result, cpuMs } = await withCpu(session.server.pid, () => seedUpload(sender!.ws, file, 'bench-seed-1'))
        await stopProfile()
        results[kind] = { ...seedFigures(size, result), server_cpu_ms: cpuMs, server_peak_rss_mib: mib(session.memory.stop().peakRss) }
      } finally {
        await session.close()
      }
    }
  } finally {
    await rm(file.path, { force: true })
  }
  const parley = results.parley
  const tls = results['parley-tls']
  return {
    scenario: 'file-seed-20mb',
    quick: context.quick,
    params: { size_bytes: size },
    results,
    targets: [
      ...(parley && tls
        ? [
            tlsCostCheck('seed frame upload', tls.upload_mb_s, parley.upload_mb_s),
            tlsCostCheck('seed frame upload + download', tls.round_trip_mb_s, parley.round_trip_mb_s),
            { name: 'parley-tls stored file intact (size, sha256)', target: 'true', actual: String(tls.intact), pass: tls.intact },
          ]
        : []),
      ...(parley
      ? [
          {
            ...atLeast('parley seed frame: read file → broadcast back', parley.upload_mb_s, 50, 'MB/s'),
            detail: `client ${parley.prepare_ms} + send ${parley.transmit_ms} + server ${parley.server_ms} ms; baseline ${results.baseline?.upload_mb_s ?? '-'} MB/s`,
          },
          atLeast('parley seed frame + download of file_url', parley.round_trip_mb_s, 50, 'MB/s'),
          { name: 'parley stored file intact (size, sha256)', target: 'true', actual: String(parley.intact), pass: parley.intact },
        ]
      : []),
    ],
  }
}

/** Issue 8: TLS may cost at most 20% of MB/s (parley-tls ÷ parley, same run). */
function tlsCostCheck(what: string, tls: number, plain: number): TargetCheck {
  return { ...atLeast(`parley-tls ÷ parley MB/s, ${what}`, round(tls / plain, 3), 0.8, ''), detail: `${tls} vs ${plain} MB/s` }
}


function seedFigures(size: number, result: SeedUploadResult) {
  return {
    prepare_ms: round(result.prepare_ms, 1),
    transmit_ms: round(result.transmit_ms, 1),
    server_ms: round(result.server_ms, 1),
    upload_ms: round(result.upload_ms, 1),
    upload_mb_s: mbPerSecond(size, result.upload_ms),
    download_ms: round(result.download_ms, 1),
    download_mb_s: mbPerSecond(size, result.download_ms),
    round_trip_mb_s: mbPerSecond(size, result.upload_ms + result.download_ms),
    frame_bytes: result.frame_bytes,
    intact: result.intact,
  }
}

const PARLEY_KINDS: readonly ServerKind[] = ['parley', 'parley-tls']

async function chunkedScenario(context: ScenarioContext): Promise<ScenarioReport> {
  const size = context.quick ? 128 * MB : 1024 * MB
  const kinds = PARLEY_KINDS.filter((kind) => context.servers.includes(kind))
  if (kinds.length === 0) {
    return { scenario: 'file-chunked-1gb', quick: context.quick, params: { size_bytes: size }, results: {}, targets: [] }
  }
  context.log(`file-chunked: writing a ${mib(size)} MiB test file`)
  const file = await writeTestFile(join(context.tmpRoot, 'chunked-upload.bin'), size)
  const results: Record<string, ChunkedFigures> = {}
  try {
    for (const kind of kinds) results[kind] = await chunkedRun(kind, context, file, size)
  } finally {
    await rm(file.path, { force: true })
  }
  const targets: TargetCheck[] = []
  for (const [kind, figures] of Object.entries(results)) {
    targets.push(
      { ...atLeast(`${kind} chunked upload → broadcast`, figures.upload_mb_s, 100, 'MB/s'), detail: `${mib(size)} MiB in ${figures.upload_ms} ms; ${figures.mb_per_server_cpu_s} MB per server CPU-s` },
      below(`${kind} server peak RSS (VmHWM)`, figures.server_peak_rss_mib, 200, 'MiB'),
      { name: `${kind} stored file intact (size, sha256)`, target: 'true', actual: String(figures.intact), pass: figures.intact },
    )
  }
  const { parley, 'parley-tls': tls } = results
  if (parley && tls) targets.push(tlsCostCheck('chunked upload', tls.upload_mb_s, parley.upload_mb_s))
  return { scenario: 'file-chunked-1gb', quick: context.quick, params: { size_bytes: size }, results, targets }
}

type ChunkedFigures = Awaited<ReturnType<typeof chunkedRun>>

async function chunkedRun(kind: ServerKind, context: ScenarioContext, file: Awaited<ReturnType<typeof writeTestFile>>, size: number) {
  const session = await startSession(kind, context, { request: { conversations: 1, usersPerConversation: 2, socketsPerUser: 1 } })
  try {
    const [sender] = await session.openSockets(session.setup.slice(0, 1))
    if (!(sender!.hello.features as string[] | undefined)?.includes('chunked_upload')) {
      throw new Error(`the ${kind} server does not advertise chunked_upload`)
    }
    const idleRss = session.memory.stop().rss
    session.memory.start()
    context.log(`file-chunked: uploading (${kind})`)
    const stopProfile = await session.server.profile(`file-chunked-${kind}`)
    const { value: upload, cpuMs } = await withCpu(session.server.pid, () => chunkedUpload(sender!.ws, file, 'bench-chunked-1', CHUNKED_WINDOW_BYTES))
    await stopProfile()
    const memory = session.memory.stop()
    context.log(`file-chunked: downloading to verify (${kind})`)
    const download = await downloadAndHash(upload.file_url)
    return {
      upload_ms: round(upload.upload_ms, 1),
      upload_mb_s: mbPerSecond(size, upload.upload_ms),
      server_cpu_ms: cpuMs,
      mb_per_server_cpu_s: mbPerSecond(size, cpuMs),
      chunk_bytes: upload.chunk_bytes,
      window_bytes: upload.window_bytes,
      server_rss_at_start_mib: mib(session.rssAtStart),
      server_rss_before_mib: mib(idleRss),
      server_peak_rss_mib: mib(memory.peakRss),
      download_mb_s: mbPerSecond(size, download.ms),
      intact: download.sha256 === file.sha256 && upload.stored_size === size,
    }
  } finally {
    await session.close()
  }
}
