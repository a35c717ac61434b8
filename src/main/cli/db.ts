/** `cim db check` and `cim db recover`: look into a history file and rescue the readable rows of a damaged one. */
import type { Command } from 'commander'
import { DB_HELP, defaultDatabasePath } from '../db/location'

/** Registers the `db` command group; better-sqlite3 and the recovery code load only when one runs. */
export function registerDbCommands(program: Command, out: (text: string) => void): void {
  const db = program.command('db').description('check a history database or recover the readable rows of a damaged one')
  db.command('check')
    .description("SQLite's integrity check and the rows readable in each table (never writes)")
    .option('--db <path>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const { checkDatabase } = await import('../db/recover')
      const report = checkDatabase(o.db ?? defaultDatabasePath())
      const ok = report.problems.length === 1 && report.problems[0] === 'ok'
      if (o.json) out(JSON.stringify({ ...report, ok }, null, 2))
      else {
        out(`${report.path}: ${ok ? 'ok' : 'damaged'}`)
        for (const p of ok ? [] : report.problems) out(`  ${p}`)
        for (const t of report.tables) out(`  ${t.table}: ${t.rows} rows readable${t.unreadable ? `, ${t.unreadable} unreadable` : ''}`)
      }
      if (!ok)
        throw new Error(`database ${report.path} is damaged: \`cim db recover --db ${report.path} --out NEW.sqlite\` copies every readable row into a new file`)
    })
  db.command('recover')
    .description('copy every readable row of a (damaged) history database into a new file')
    .option('--db <path>', DB_HELP)
    .requiredOption('--out <file>', 'the new database file (must not exist)')
    .action(async (o: { db?: string; out: string }) => {
      const { recoverDatabase } = await import('../db/recover')
      const from = o.db ?? defaultDatabasePath()
      const counts = recoverDatabase(from, o.out)
      for (const t of counts) out(`${t.table}: ${t.rows} rows copied${t.unreadable ? `, ${t.unreadable} unreadable` : ''}`)
      out(`recovered into ${o.out}; runs without a result are interrupted (resume them in the app)`)
    })
}
