/** Re-exports of the generated wire types plus the few narrow aliases the app uses. */
export type * from './types'
import type { Envelope, State } from './types'

/** An envelope whose payload has a known shape. */
export type TypedEnvelope<P> = Omit<Envelope, 'payload'> & { payload: P }

export const STATES: readonly State[] = ['INTRO', 'PROBLEM', 'CODING', 'REVIEW', 'WRAP_UP', 'ENDED']

/** Event types the server never logs: they carry no seq. */
export const EPHEMERAL_TYPES = new Set(['TRANSCRIPT_PARTIAL', 'INTERVIEWER_STREAM_DELTA'])
