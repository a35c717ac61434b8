/** The op_type -> handler table of the runtime (non-constant) path. */
import type { Handler } from './common'
import { CHANNEL_HANDLERS } from './channels'
import { LAYOUT_HANDLERS } from './layout'
import { MERGE_HANDLERS } from './merge'
import { MVM_HANDLERS } from './mvm'
import { POINTWISE_HANDLERS } from './pointwise'
import { WINDOW_HANDLERS } from './window'

export type { Handler } from './common'
export { UNSUPPORTED_MVM } from './mvm'

export const HANDLERS: Record<string, Handler> = {
  ...POINTWISE_HANDLERS,
  ...LAYOUT_HANDLERS,
  ...MERGE_HANDLERS,
  ...CHANNEL_HANDLERS,
  ...WINDOW_HANDLERS,
  ...MVM_HANDLERS,
}
