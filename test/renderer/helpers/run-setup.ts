/** The api answers run setup needs to mount with no networks and the CLSA-CIM preset, shared by the run-setup tests. */
import { PRESET } from '../fixtures/architecture'
import { job } from '../fixtures/records'
import type { createApiMock } from './api'

/** Resets `api` and answers the calls RunSetupView makes on mount, and runs.start with a job. */
export function handleRunSetup(api: ReturnType<typeof createApiMock>): void {
  api.reset()
  api.handle('zoo.list', [])
  api.handle('networks.list', [])
  api.handle('architectures.presets', [PRESET])
  api.handle('architectures.list', [])
  api.handle('architectures.validate', [])
  api.handle('runs.start', job())
}
