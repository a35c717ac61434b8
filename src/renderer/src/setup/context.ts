/** The run setup form's shared state, provided by RunSetupView to its sections. */
import { computed, inject, provide, reactive, ref, type ComputedRef, type InjectionKey, type Ref } from 'vue'
import type { FieldError } from '../../../shared/ipc'
import { useNetworksStore } from '../stores/networks'
import { defaultDraft, type RunDraft } from './draft'
import { DRAFT_FIELD_LABELS, draftErrors, type DraftError, type DraftField } from './validate'

export interface SetupContext {
  draft: RunDraft
  /** Field errors of the edited architecture (from architectures.validate). */
  archErrors: Ref<FieldError[]>
  /** Errors of the draft's own fields (input size, chip size, inferences), in form order. */
  fieldErrors: ComputedRef<DraftError[]>
  /** The error of one draft field, for its form item (undefined when valid). */
  fieldError(field: DraftField): string | undefined
  /** Why the run cannot start yet (the first problem, in one line), or null. */
  blocked: ComputedRef<string | null>
}

const KEY: InjectionKey<SetupContext> = Symbol('run setup')

export function provideSetup(): SetupContext {
  const draft = reactive(defaultDraft())
  const archErrors = ref<FieldError[]>([])
  const networks = useNetworksStore()
  const fieldErrors = computed(() =>
    draftErrors(
      draft,
      networks.zoo.find((m) => m.name === draft.zoo),
    ),
  )
  const blocked = computed(() => {
    const first = fieldErrors.value[0]
    if (first) return `${DRAFT_FIELD_LABELS[first.field]}: ${first.message}`
    if (archErrors.value.length) return 'Fix the architecture fields first'
    return draft.networkSource === 'imported' && draft.networkId === null ? 'Choose or import a network' : null
  })
  const fieldError = (field: DraftField) => fieldErrors.value.find((e) => e.field === field)?.message
  const ctx: SetupContext = { draft, archErrors, fieldErrors, fieldError, blocked }
  provide(KEY, ctx)
  return ctx
}

export function useSetup(): SetupContext {
  const ctx = inject(KEY)
  if (!ctx) throw new Error('useSetup() outside the run setup')
  return ctx
}
