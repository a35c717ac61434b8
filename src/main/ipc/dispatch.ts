import { CONTRACT, type Envelope, type IpcError, type MethodName, type ParsedRequestOf, type ResponseOf } from '../../shared/ipc'
import { ArchitectureError } from '../../shared/schemas/architecture'
import { cut } from '../../shared/text'

/** Longest error message sent to the renderer, characters. */
const MESSAGE_MAX = 1000

/** One handler per contract method, given the validated request. */
export type Handlers = { [M in MethodName]: (request: ParsedRequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>> }

/** Turns an unknown request into an envelope: unknown method, invalid payload and thrown errors become { ok: false }. */
export type Dispatch = (method: string, payload: unknown) => Promise<Envelope<unknown>>

/** The error code of a thrown value: its `code` when it has one, else from its class name. */
function toIpcError(e: unknown): IpcError {
  if (e instanceof ArchitectureError) return { code: 'INVALID_ARCHITECTURE', message: e.message, fields: e.errors }
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code
    const named =
      e.name && e.name !== 'Error'
        ? e.name
            .replace(/Error$/, '')
            .replace(/([a-z])([A-Z])/g, '$1_$2')
            .toUpperCase()
        : 'FAILED'
    return { code: typeof code === 'string' ? code : named || 'FAILED', message: cut(e.message, MESSAGE_MAX) }
  }
  return { code: 'FAILED', message: String(e) }
}

/** The dispatcher shared by ipcMain and the web host: validate with the contract's schema, call, wrap. */
export function createDispatch(handlers: Handlers): Dispatch {
  return async (method, payload) => {
    if (!Object.hasOwn(CONTRACT, method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method "${method}"` } }
    const m = method as MethodName
    const parsed = CONTRACT[m].request.safeParse(payload ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue.path.length ? issue.path.join('.') : 'request'
      const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined')
      const what = missing ? `is missing (expected ${issue.expected === 'nonoptional' ? 'a value' : issue.expected})` : issue.message
      return { ok: false, error: { code: 'INVALID_REQUEST', message: `${method}: ${where}: ${cut(what, MESSAGE_MAX)}` } }
    }
    try {
      const handler = handlers[m] as (r: unknown) => unknown
      return { ok: true, value: await handler(parsed.data) }
    } catch (e) {
      return { ok: false, error: toIpcError(e) }
    }
  }
}
