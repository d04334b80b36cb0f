/** Paths in error messages: control characters shown escaped. */
import { describe, expect, it } from 'vitest'
import { quoted } from '../../src/engine/quote.js'
import { tempProject, thrown } from '../helpers/project.js'

describe('quoted', () => {
  it('escapes DEL, C0 and C1 controls, quotes and backslashes', () => {
    expect(quoted('a\u007fb')).toBe('"a\\u007fb"')
    expect(quoted('a\nb\u0085')).toBe('"a\\u000ab\\u0085"')
    expect(quoted('say "hi" \\')).toBe('"say \\"hi\\" \\\\"')
    expect(quoted('métriques/ü')).toBe('"métriques/ü"')
  })

  it('an invalid path with a DEL shows it escaped in the error message', () => {
    const run = tempProject().startRun()
    const error = thrown(() => run.log({ 'a\u007fb': 1 }))
    expect(error.code).toBe('INVALID_PATH')
    expect(error.message).toContain('"a\\u007fb"')
    expect(error.message).not.toContain('\u007f')
  })
})
