// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { deepEqual } from '../src/lib/deepEqual'

describe('deepEqual', () => {
  it('compares scalars strictly, without coercion', () => {
    expect(deepEqual(1, 1)).toBe(true)
    expect(deepEqual('a', 'a')).toBe(true)
    expect(deepEqual(null, null)).toBe(true)
    expect(deepEqual(1, '1')).toBe(false)
    expect(deepEqual(0, false)).toBe(false)
    expect(deepEqual(null, undefined)).toBe(false)
    expect(deepEqual('', null)).toBe(false)
    expect(deepEqual(1, 1.0000001)).toBe(false)
  })

  it('treats NaN as equal to NaN and -0 as equal to 0', () => {
    expect(deepEqual(NaN, NaN)).toBe(true)
    expect(deepEqual(-0, 0)).toBe(true)
    expect(deepEqual([NaN, -0], [NaN, 0])).toBe(true)
    expect(deepEqual(NaN, 0)).toBe(false)
  })

  it('compares arrays element by element, in order', () => {
    expect(deepEqual([1, [2, [3]]], [1, [2, [3]]])).toBe(true)
    expect(deepEqual([1, 2], [2, 1])).toBe(false)
    expect(deepEqual([1, 2], [1, 2, 3])).toBe(false)
    expect(deepEqual([], {})).toBe(false)
    expect(deepEqual([[1, 2], [3]], [[1, 2], [3, 4]])).toBe(false)
  })

  it('compares objects by keys, ignoring key order', () => {
    expect(deepEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true)
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false)
    expect(deepEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false)
    expect(deepEqual({ a: { b: 1 } }, { a: { b: '1' } })).toBe(false)
    expect(deepEqual({ a: null }, {})).toBe(false)
  })

  it('handles deep nesting without overflowing the stack', () => {
    const chain = (n: number, tail: unknown): unknown => {
      let node: unknown = tail
      for (let i = 0; i < n; i++) node = { val: i, next: node }
      return node
    }
    expect(deepEqual(chain(20_000, null), chain(20_000, null))).toBe(true)
    expect(deepEqual(chain(20_000, null), chain(20_000, 1))).toBe(false)
  })

  it('terminates on cyclic values', () => {
    const a: Record<string, unknown> = { x: 1 }
    a.self = a
    const b: Record<string, unknown> = { x: 1 }
    b.self = b
    expect(deepEqual(a, b)).toBe(true)
    const c: Record<string, unknown> = { x: 2 }
    c.self = c
    expect(deepEqual(a, c)).toBe(false)
  })
})
