import { beforeEach, describe, expect, it } from 'vitest'
import { findSession, forgetSession, listSessions, rememberSession, tokenFor, type RememberedSession } from '@/lib/history'

function entry(id: string): RememberedSession {
  return {
    session_id: id,
    candidate_token: `c-${id}`,
    observer_token: `o-${id}`,
    created_at: '2026-01-01T00:00:00Z',
    title: 'Two Sum',
    company_mode: 'General',
    difficulty: 'Easy',
    language: 'javascript',
  }
}

describe('history', () => {
  beforeEach(() => localStorage.clear())

  it('remembers sessions newest first without duplicates, and forgets them', () => {
    rememberSession(entry('a'))
    rememberSession(entry('b'))
    rememberSession(entry('a'))
    expect(listSessions().map((s) => s.session_id)).toEqual(['a', 'b'])
    forgetSession('a')
    expect(findSession('a')).toBeUndefined()
    expect(listSessions()).toHaveLength(1)
  })

  it('prefers a token from the link, else the saved one for the role', () => {
    rememberSession(entry('a'))
    expect(tokenFor('a', 'candidate')).toBe('c-a')
    expect(tokenFor('a', 'observer')).toBe('o-a')
    expect(tokenFor('a', 'observer', 'from-link')).toBe('from-link')
    expect(tokenFor('zzz', 'candidate')).toBeNull()
  })

  it('survives corrupt storage', () => {
    localStorage.setItem('interview-sim.sessions', '{not json')
    expect(listSessions()).toEqual([])
  })
})
