/** Store tests start from nothing: no recorded calls or handlers in the api mock, and empty stores. */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach } from 'vitest'

/** Before each test of the calling file: resets the api mock and activates a new pinia. */
export function freshStoresEachTest(api: { reset(): void }): void {
  beforeEach(() => {
    api.reset()
    setActivePinia(createPinia())
  })
}
