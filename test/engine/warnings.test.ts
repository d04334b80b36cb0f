/** The default warning handler prints each kind once per field to stderr. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { printOncePerKind } from '../../src/engine/warnings.js'

describe('printOncePerKind', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('prints a code and path the first time only, and other fields or codes once each', () => {
    const lines: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk))
      return true
    })
    const warn = printOncePerKind()
    warn({ code: 'STEP_NOT_INCREASING', path: 'a', message: 'first a' })
    warn({ code: 'STEP_NOT_INCREASING', path: 'a', message: 'second a' })
    warn({ code: 'STEP_NOT_INCREASING', path: 'b', message: 'first b' })
    warn({ code: 'FLUSH_FAILED', message: 'flush' })
    warn({ code: 'FLUSH_FAILED', message: 'flush again' })
    expect(lines).toEqual([
      'nereid: warning: first a\n',
      'nereid: warning: first b\n',
      'nereid: warning: flush\n',
    ])
  })

  it('keeps a separate memory per handler', () => {
    const lines: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk))
      return true
    })
    printOncePerKind()({ code: 'X', message: 'one' })
    printOncePerKind()({ code: 'X', message: 'two' })
    expect(lines).toHaveLength(2)
  })
})
