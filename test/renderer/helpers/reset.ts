/** Resets the api stand-in and answers the given methods, for a component test's beforeEach. */
import type { MethodName, ResponseOf } from '../../../src/shared/ipc'
import type { createApiMock } from './api'

export function resetApi(api: ReturnType<typeof createApiMock>, answers: { [M in MethodName]?: ResponseOf<M> }): void {
  api.reset()
  for (const [method, answer] of Object.entries(answers) as [MethodName, ResponseOf<MethodName>][]) api.handle(method, answer as never)
}
