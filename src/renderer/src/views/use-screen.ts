/** What a screen over stored runs takes first: the runs store, navigation and the error toast. */
import { useShowError } from '../lib/errors'
import { useNavigationStore } from '../stores/navigation'
import { useRunsStore } from '../stores/runs'

export function useScreen() {
  return { runs: useRunsStore(), nav: useNavigationStore(), showError: useShowError() }
}
