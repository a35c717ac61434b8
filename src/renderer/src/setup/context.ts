/** The run setup form's shared state, provided by RunSetupView to its sections. */
import { inject, provide, reactive, ref, type InjectionKey, type Ref } from 'vue'
import type { FieldError } from '../../../shared/ipc'
import { defaultDraft, type RunDraft } from './draft'

export interface SetupContext {
  draft: RunDraft
  /** Field errors of the edited architecture (from architectures.validate). */
  archErrors: Ref<FieldError[]>
}

const KEY: InjectionKey<SetupContext> = Symbol('run setup')

export function provideSetup(): SetupContext {
  const ctx: SetupContext = { draft: reactive(defaultDraft()), archErrors: ref([]) }
  provide(KEY, ctx)
  return ctx
}

export function useSetup(): SetupContext {
  const ctx = inject(KEY)
  if (!ctx) throw new Error('useSetup() outside the run setup')
  return ctx
}
