/** Rate limiting for stores that reload on events. */

/** A trigger that calls `reload` once, `ms` after the first of any number of triggers: a reload at most every `ms` milliseconds. */
export function atMostEvery(ms: number, reload: () => unknown): () => void {
  let pending: ReturnType<typeof setTimeout> | null = null
  return () => {
    pending ??= setTimeout(() => {
      pending = null
      void reload()
    }, ms)
  }
}
