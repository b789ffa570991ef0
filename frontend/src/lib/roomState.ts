/**
 * The room as one client sees it, and the pure rules that fold envelopes into it. The live store
 * and the report's replay both use these, so the replay shows exactly what the room showed.
 */
import type {
  Envelope,
  InterviewerStreamDelta,
  InterviewerStreamEnd,
  InterviewerStreamStart,
  Language,
  NudgePayload,
  QuestionPublic,
  RunResult,
  SessionSnapshot,
  State,
  StateChanged,
  SubmitResult,
  TranscriptLine,
} from '@/protocol'

export interface TranscriptItem {
  key: string
  seq?: number
  ts_ms: number
  speaker: TranscriptLine['speaker']
  text: string
  source?: string | null
  pending?: boolean
}

export interface InterviewerMessage {
  id: string
  text: string
  streaming: boolean
  interrupted: boolean
  kind?: string | null
  hint_level?: number | null
  ts_ms: number
  /** Came with a snapshot (said before this page loaded): not read aloud again. */
  history?: boolean
}

export interface NoteItem {
  key: string
  seq?: number
  ts_ms: number
  text: string
  pending?: boolean
  /** Shared with the candidate on the report after the end (else private to observers). */
  feedback?: boolean
}

export interface RoomState {
  state: State | null
  question: QuestionPublic | null
  code: string
  language: Language
  transcript: TranscriptItem[]
  partial: string
  messages: InterviewerMessage[]
  nudges: NudgePayload[]
  /** Sample runs the page reported and the server's submit verdicts, in log order. */
  runs: (RunResult | SubmitResult)[]
  notes: NoteItem[]
  startedAtMs: number | null
  timeBudgetS: number
}

export function emptyRoom(): RoomState {
  return {
    state: null,
    question: null,
    code: '',
    language: 'javascript',
    transcript: [],
    partial: '',
    messages: [],
    nudges: [],
    runs: [],
    notes: [],
    startedAtMs: null,
    timeBudgetS: 0,
  }
}

/** Replaces the room with a server snapshot (nudges newest first). */
export function applySnapshot(room: RoomState, snap: SessionSnapshot): void {
  room.state = snap.state
  room.question = snap.question
  room.code = snap.code
  room.language = snap.language
  room.transcript = snap.transcript.map((line) => ({ ...line, key: `seq-${line.seq}` }))
  room.partial = ''
  room.messages = snap.transcript
    .filter((line) => line.speaker === 'interviewer')
    .map((line) => ({
      id: `seq-${line.seq}`,
      text: line.text,
      streaming: false,
      interrupted: false,
      ts_ms: line.ts_ms,
      history: true,
    }))
  room.nudges = [...snap.nudges].reverse()
  room.runs = [...snap.runs]
  room.notes = (snap.notes ?? []).map((n, i) => ({
    key: `note-${i}`,
    ts_ms: 0,
    text: n.text,
    feedback: n.visibility === 'feedback',
  }))
  room.startedAtMs = snap.started_at_ms ?? null
  room.timeBudgetS = snap.time_budget_s
}

function ensureMessage(room: RoomState, id: string, ts: number): InterviewerMessage {
  let msg = room.messages.find((m) => m.id === id)
  if (!msg) {
    msg = { id, text: '', streaming: true, interrupted: false, ts_ms: ts }
    room.messages.push(msg)
    msg = room.messages[room.messages.length - 1]
  }
  return msg
}

function streamEnd(room: RoomState, env: Envelope, p: InterviewerStreamEnd): void {
  const ts = env.ts_ms ?? Date.now()
  const msg = ensureMessage(room, p.message_id, ts)
  Object.assign(msg, { text: p.text, streaming: false, interrupted: !!p.interrupted })
  Object.assign(msg, { kind: p.kind ?? msg.kind, hint_level: p.hint_level ?? null })
  const key = `msg-${p.message_id}`
  if (room.transcript.some((t) => t.key === key)) return
  const line = { key, seq: env.seq ?? undefined, ts_ms: ts, speaker: 'interviewer' as const }
  insertBySeq(room.transcript, { ...line, text: p.text })
}

/**
 * Lines stay in log order: one that arrives late (replayed after a gap, e.g. an observer that
 * reconnected after a node died while newer events came live) goes before the later ones.
 */
function insertBySeq<T extends { seq?: number }>(list: T[], item: T): void {
  const seq = item.seq
  const at = seq == null ? -1 : list.findIndex((x) => x.seq != null && x.seq > seq)
  if (at < 0) list.push(item)
  else list.splice(at, 0, item)
}

function addNudge(room: RoomState, nudge: NudgePayload): void {
  if (!room.nudges.some((n) => n.id === nudge.id)) room.nudges.unshift(nudge)
}

function markStarted(room: RoomState, env: Envelope): void {
  if (room.startedAtMs == null && env.ts_ms) room.startedAtMs = env.ts_ms
}

/**
 * Folds one server envelope into the room. Returns false for types it does not handle
 * (ERROR and SESSION_SNAPSHOT are the store's business).
 */
export function applyEvent(room: RoomState, env: Envelope): boolean {
  const p = env.payload as Record<string, unknown>
  const ts = env.ts_ms ?? Date.now()
  switch (env.type) {
    case 'INTERVIEWER_STREAM_START': {
      const s = p as unknown as InterviewerStreamStart
      markStarted(room, env)
      ensureMessage(room, s.message_id, ts).kind = s.kind ?? null
      return true
    }
    case 'INTERVIEWER_STREAM_DELTA': {
      const d = p as unknown as InterviewerStreamDelta
      const msg = ensureMessage(room, d.message_id, ts)
      if (msg.streaming) msg.text += d.delta
      return true
    }
    case 'INTERVIEWER_STREAM_END':
      streamEnd(room, env, p as unknown as InterviewerStreamEnd)
      return true
    case 'TRANSCRIPT_PARTIAL':
      room.partial = String(p.text ?? '')
      return true
    case 'TRANSCRIPT_FINAL':
      room.partial = ''
      insertBySeq(room.transcript, {
        key: env.id ?? `seq-${env.seq}`,
        seq: env.seq ?? undefined,
        ts_ms: ts,
        speaker: 'candidate',
        text: String(p.text ?? ''),
        source: (p.source as string | undefined) ?? null,
      })
      return true
    case 'STATE_CHANGE':
      room.state = (p as unknown as StateChanged).to
      markStarted(room, env)
      return true
    case 'CODE_SNAPSHOT':
      room.code = String(p.code ?? '')
      if (p.language) room.language = p.language as Language
      return true
    case 'RUN_RESULT':
      room.runs.push(p as unknown as RunResult | SubmitResult)
      return true
    case 'COACH_NUDGE':
      addNudge(room, p as unknown as NudgePayload)
      return true
    case 'OBSERVER_NOTE':
      if (typeof p.text === 'string' && p.text) {
        const feedback = p.visibility === 'feedback'
        insertBySeq(room.notes, { key: env.id ?? `seq-${env.seq}`, seq: env.seq ?? undefined, ts_ms: ts, text: p.text, feedback })
      }
      return true
    default:
      return false
  }
}
