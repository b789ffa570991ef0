import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, ref } from 'vue'
import { useCountdown } from '@/composables/useCountdown'

describe('useCountdown', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('counts down from started_at_ms + budget on the server clock', () => {
    let now = 1_000_000
    const started = ref<number | null>(null)
    const { secondsLeft } = effectScope().run(() => useCountdown(() => started.value, () => 1800, () => now))!
    expect(secondsLeft.value).toBeNull()
    started.value = 1_000_000 - 60_000
    expect(secondsLeft.value).toBe(1740)
    now += 10_000
    vi.advanceTimersByTime(1000)
    expect(secondsLeft.value).toBe(1730)
    now += 3_600_000
    vi.advanceTimersByTime(1000)
    expect(secondsLeft.value).toBe(0)
  })
})
