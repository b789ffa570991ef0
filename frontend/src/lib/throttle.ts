/** Rate limiting for interim speech text. */

/** A throttle that sends the first call at once and the newest one at the end of the window. */
export function throttle(fn: (text: string) => void, ms: number): { call: (text: string) => void; cancel: () => void } {
  let last = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending: string | null = null
  const flush = () => {
    timer = null
    if (pending === null) return
    last = Date.now()
    fn(pending)
    pending = null
  }
  const call = (text: string) => {
    pending = text
    const wait = ms - (Date.now() - last)
    if (wait <= 0 && !timer) flush()
    else if (!timer) timer = setTimeout(flush, Math.max(0, wait))
  }
  const cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
    pending = null
  }
  return { call, cancel }
}
