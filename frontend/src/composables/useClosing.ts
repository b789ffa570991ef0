/**
 * The interview ended on the server (the interviewer's closing words): the page stays so the
 * last words can be read. The report opens on a click, or by itself once the read-aloud has
 * finished (voice on) and the last message is complete. With the voice off nothing is read
 * aloud, so only the click opens it.
 */
import { onScopeDispose, ref, watch, type Ref } from 'vue'

export const AFTER_READ_ALOUD_MS = 1200

export interface ClosingInputs {
  ended: () => boolean
  voiceOn: () => boolean
  speaking: () => boolean
  streaming: () => boolean
  openReport: () => void
}

export function useClosing(inputs: ClosingInputs): { closing: Ref<boolean> } {
  const closing = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null

  watch(
    () => [inputs.ended(), inputs.voiceOn(), inputs.speaking(), inputs.streaming()] as const,
    ([ended, voiceOn, speaking, streaming]) => {
      if (timer) clearTimeout(timer)
      timer = null
      if (!ended) return
      closing.value = true
      if (voiceOn && !speaking && !streaming) timer = setTimeout(inputs.openReport, AFTER_READ_ALOUD_MS)
    },
  )
  onScopeDispose(() => timer && clearTimeout(timer))
  return { closing }
}
