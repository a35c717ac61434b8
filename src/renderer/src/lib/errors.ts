/** Shows a failed call's message to the user (naive-ui message), keeping the code for support. */
import { useMessage } from 'naive-ui'
import { ApiError } from '../api'

export function useShowError() {
  const message = useMessage()
  return (e: unknown) => {
    const text = e instanceof ApiError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e)
    message.error(text, { duration: 6000, closable: true })
  }
}
