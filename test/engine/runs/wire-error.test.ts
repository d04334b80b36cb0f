/** Errors rebuilt on the writer's side of the flush worker keep their class, code, hint and message. */
import { describe, expect, it } from 'vitest'
import * as errors from '../../../src/engine/errors.js'
import { fromWire, toWire } from '../../../src/engine/runs/wire-error.js'

describe('errors across the flush worker boundary', () => {
  const classes = Object.entries(errors).filter(
    ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
  ) as [string, typeof errors.NereidError][]

  it('rebuilds every Nereid error class with its code, hint and message, through structured cloning', () => {
    expect(classes.length).toBeGreaterThanOrEqual(11)
    for (const [name, Class] of classes) {
      const original = new Class('SOME_CODE', `a ${name}`, { hint: 'do this' })
      const rebuilt = fromWire(structuredClone(toWire(original))) as errors.NereidError
      expect(rebuilt).toBeInstanceOf(Class)
      expect(rebuilt.name).toBe(original.name)
      expect([rebuilt.code, rebuilt.hint, rebuilt.message]).toEqual([
        original.code,
        original.hint,
        original.message,
      ])
    }
  })

  it("keeps another error's name, message and code (SQLite's), and turns a thrown non-error into an Error", () => {
    const sqlite = Object.assign(new Error('database or disk is full'), {
      name: 'SqliteError',
      code: 'SQLITE_FULL',
    })
    const rebuilt = fromWire(structuredClone(toWire(sqlite))) as Error & { code?: string }
    expect([rebuilt.name, rebuilt.message, rebuilt.code]).toEqual([
      'SqliteError',
      'database or disk is full',
      'SQLITE_FULL',
    ])
    expect(fromWire(toWire('a string')).message).toBe('a string')
  })
})
