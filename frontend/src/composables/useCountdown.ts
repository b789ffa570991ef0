/** Seconds left of the interview's time budget, ticking once a second. */
import { computed, onScopeDispose, ref, type ComputedRef } from 'vue'

export function useCountdown(
  startedAtMs: () => number | null,
  budgetS: () => number,
  now: () => number = Date.now,
): { secondsLeft: ComputedRef<number | null> } {
  const tick = ref(now())
  const timer = setInterval(() => (tick.value = now()), 1000)
  onScopeDispose(() => clearInterval(timer))
  const secondsLeft = computed(() => {
    const start = startedAtMs()
    if (start == null || !budgetS()) return null
    return Math.max(0, Math.round((start + budgetS() * 1000 - tick.value) / 1000))
  })
  return { secondsLeft }
}
