/** Mounts a component as the app does: with pinia, naive-ui's message and dialog providers, and optionally the run setup context. */
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach } from 'vitest'
import { defineComponent, h, nextTick, type Component } from 'vue'
import { provideSetup, type SetupContext } from '../../../src/renderer/src/setup/context'

enableAutoUnmount(afterEach)

export function mountApp(component: Component, options: { props?: Record<string, unknown>; setup?: boolean } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  let setup: SetupContext | null = null
  const Harness = defineComponent({
    setup() {
      if (options.setup) setup = provideSetup()
      return () => h(NMessageProvider, () => h(NDialogProvider, () => h(component, options.props)))
    },
  })
  const wrapper = mount(Harness, { global: { plugins: [pinia] }, attachTo: document.body })
  return { wrapper, setup: setup as SetupContext | null }
}

/** Lets pending promises, watchers and timers (debounces up to `ms`) settle. */
export async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, ms))
    await nextTick()
  }
}
