/**
 * What the interviewer is doing, truthfully:
 * - speaking: its words are being read aloud or are streaming onto the screen;
 * - thinking: a turn started with no words yet, or the candidate spoke last (outside coding,
 *   where the interviewer answers) and a reply is still likely (for up to REPLY_WAIT_MS);
 * - listening: the candidate's microphone is on;
 * - idle: none of these.
 */
import { computed, onScopeDispose, ref, type ComputedRef } from 'vue'
import type { InterviewerStatus } from '@/components/interviewer/InterviewerPanel.vue'
import type { RoomState } from '@/lib/roomState'

export const REPLY_WAIT_MS = 15_000

export interface StatusInputs {
  room: RoomState
  speaking: () => boolean
  micOn: () => boolean
}

export function interviewerStatus(room: RoomState, speaking: boolean, micOn: boolean, nowMs: number): InterviewerStatus {
  const streaming = room.messages.filter((m) => m.streaming)
  if (speaking || streaming.some((m) => m.text.length > 0)) return 'speaking'
  if (streaming.length > 0 || awaitingReply(room, nowMs)) return 'thinking'
  return micOn ? 'listening' : 'idle'
}

function awaitingReply(room: RoomState, nowMs: number): boolean {
  const last = room.transcript[room.transcript.length - 1]
  if (!last || last.speaker !== 'candidate' || last.pending) return false
  if (room.state === 'CODING' || room.state === 'ENDED') return false
  return nowMs - last.ts_ms < REPLY_WAIT_MS
}

export function useInterviewerStatus(inputs: StatusInputs, now: () => number = Date.now): ComputedRef<InterviewerStatus> {
  const tick = ref(now())
  const timer = setInterval(() => (tick.value = now()), 1000)
  onScopeDispose(() => clearInterval(timer))
  return computed(() => interviewerStatus(inputs.room, inputs.speaking(), inputs.micOn(), tick.value))
}
