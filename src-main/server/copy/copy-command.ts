// `parley copy-to-postgres`: registered in cli.ts; the work is copy/copy-to-postgres.ts.
import type { Command } from 'commander'
import { checkCopy, copyToPostgres, type CopyOptions } from './copy-to-postgres'
import { formatReport } from './report'

interface CopyFlags {
  data: string
  database: string
  media: string
  replace?: boolean
  checkOnly?: boolean
}

export function addCopyCommand(program: Command): void {
  program
    .command('copy-to-postgres')
    .description('Copy a SQLite server (running or stopped) to PostgreSQL: users, conversations, messages, read state, invites, sessions, media and the signing secret, then check both sides by counts and hashes')
    .option('--data <dir>', 'the SQLite server\'s data folder', './parley-data')
    .requiredOption('--database <url>', 'the PostgreSQL database, postgres://user@host:port/name')
    .requiredOption('--media <dir>', 'the folder the cluster\'s nodes share (serve --media): the server\'s media/ and secret.key are copied into it')
    .option('--replace', 'delete the chat data the target holds (in the copy\'s transaction) instead of refusing it')
    .option('--check-only', 'copy nothing: check an earlier copy against the server as it is now')
    .action(async (flags: CopyFlags) => {
      // Stopped midway: exit through 'exit' handlers (the snapshot's removal); PostgreSQL rolls the open transaction back.
      // tsx does the same for a process without handlers of its own; this keeps it so under any runner.
      for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => process.exit(code))
      const options: CopyOptions = { dataDir: flags.data, databaseUrl: flags.database, sharedDir: flags.media, replace: flags.replace ?? false }
      const report = flags.checkOnly ? await checkCopy(options) : await copyToPostgres(options)
      for (const line of formatReport(report)) console.log(line)
      if (!report.ok) process.exitCode = 1
    })
}
