/**
 * A web host for the fault suite: the workbench (history, one worker, handlers) behind the local web
 * host, serving the API on 127.0.0.1 (no renderer). argv[2] is the database, argv[3] an empty
 * renderer folder (in the suite's temporary folder); prints {"port", "token"} once listening;
 * SIGTERM closes it cleanly.
 */
import { startWebHost } from '../../src/main/web/server'
import { openWorkbench } from '../../src/main/workbench'

const rendererDir = process.argv[3]
const wb = openWorkbench(process.argv[2], 1)
const host = await startWebHost({ port: 0, dispatch: wb.dispatch, events: wb.events, rendererDir })
process.stdout.write(`${JSON.stringify({ port: host.port, token: host.token })}\n`)
process.on('SIGTERM', () => {
  void host
    .close()
    .then(() => wb.close())
    .finally(() => process.exit(0))
})
