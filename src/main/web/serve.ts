/**
 * `npm run serve -- [--port N] [--db PATH]`: the workbench in a browser. Serves out/renderer, built
 * at install (npm install / npm ci run `node scripts/build.mjs`) and brought up to date by
 * scripts/serve.mjs. Prints the URL (with the session token).
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Command } from 'commander'
import { DB_HELP, defaultDatabasePath } from '../db/location'
import { openWorkbench } from '../workbench'
import { startWebHost } from './server'

/** The project folder: the nearest one above this file with a package.json (from src/main/web or out/node). */
function projectRoot(dir: string): string {
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`no package.json above ${import.meta.dirname}: run the web host from the project folder`)
    dir = dirname(dir)
  }
  return dir
}

const ROOT = projectRoot(import.meta.dirname)
const RENDERER_OUT = join(ROOT, 'out/renderer')

const o = new Command('serve')
  .description('serve the workbench on 127.0.0.1 for a browser')
  .option('--port <n>', 'port (0 = any free port)', '0')
  .option('--db <path>', DB_HELP)
  .parse()
  .opts<{ port: string; db?: string }>()

try {
  const port = Number(o.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${JSON.stringify(o.port)}: must be a whole number in 0..65535`)
  if (!existsSync(join(RENDERER_OUT, 'index.html'))) throw new Error(`${RENDERER_OUT} is not built: start the web host with npm run serve (builds it)`)
  const workbench = openWorkbench(o.db ?? defaultDatabasePath())
  const host = await startWebHost({ port, dispatch: workbench.dispatch, events: workbench.events, rendererDir: RENDERER_OUT })
  process.stdout.write(`${host.url}\n`)
  const stop = async () => {
    await host.close()
    await workbench.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`)
  process.exit(2)
}
