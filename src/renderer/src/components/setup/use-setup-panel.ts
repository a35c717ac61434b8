/** What a setup panel that starts jobs from the run above needs: the shared draft and why it cannot run, the jobs store, and the message and error toasts. */
import { useMessage } from 'naive-ui'
import { useShowError } from '../../lib/errors'
import { useSetup } from '../../setup/context'
import { useJobsStore } from '../../stores/jobs'

export function useSetupPanel() {
  const { draft, blocked } = useSetup()
  return { draft, blocked, jobs: useJobsStore(), message: useMessage(), showError: useShowError() }
}
