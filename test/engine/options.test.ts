/** Options are checked once on entry, with "did you mean" hints, defaulted and frozen. */
import { describe, expect, it } from 'vitest'
import { InvalidOptionError, openProject } from '../../src/index.js'
import { rejectUnknownKeys, resolveOptions } from '../../src/engine/options.js'
import { didYouMean } from '../../src/engine/suggest.js'
import { tempProject, thrown } from '../helpers/project.js'
import { tempProjectDir } from '../helpers/tmp.js'

function optionError(fn: () => unknown, code: string): InvalidOptionError {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(InvalidOptionError)
  expect(error.code).toBe(code)
  return error as InvalidOptionError
}

describe('resolveOptions', () => {
  it('fills the documented defaults and freezes the result', () => {
    const o = resolveOptions()
    expect(o).toMatchObject({
      flushMs: 1000,
      strict: false,
      durability: 'normal',
      readonly: false,
      maxBufferedPoints: 262_144,
      busyTimeoutMs: 5000,
      key: undefined,
    })
    expect(typeof o.onWarning).toBe('function')
    expect(Object.isFrozen(o)).toBe(true)
  })

  it('keeps given values', () => {
    const onWarning = (): void => {}
    expect(
      resolveOptions({
        flushMs: 50,
        strict: true,
        durability: 'full',
        key: 'DEMO',
        onWarning,
        maxBufferedPoints: 10,
        busyTimeoutMs: 0,
      }),
    ).toMatchObject({
      flushMs: 50,
      strict: true,
      durability: 'full',
      key: 'DEMO',
      onWarning,
      maxBufferedPoints: 10,
      busyTimeoutMs: 0,
    })
  })

  it('takes the default for an option passed as undefined', () => {
    const o = resolveOptions({
      flushMs: undefined,
      onWarning: undefined,
      strict: undefined,
      durability: undefined,
    })
    expect(o).toMatchObject({ flushMs: 1000, strict: false, durability: 'normal' })
    expect(typeof o.onWarning).toBe('function')
  })

  it('refuses an unknown option with a "Did you mean" hint', () => {
    const error = optionError(() => resolveOptions({ flushMS: 10 } as never), 'UNKNOWN_OPTION')
    expect(error.message).toContain("unknown option 'flushMS'")
    expect(error.hint).toBe("Did you mean 'flushMs'?")
    expect(optionError(() => resolveOptions({ stict: true } as never), 'UNKNOWN_OPTION').hint).toBe(
      "Did you mean 'strict'?",
    )
    expect(optionError(() => resolveOptions({ readOnly: true } as never), 'UNKNOWN_OPTION').hint).toBe(
      "Did you mean 'readonly'?",
    )
  })

  it('lists the known options when no name is close', () => {
    expect(
      optionError(() => resolveOptions({ compression: 'zstd' } as never), 'UNKNOWN_OPTION').hint,
    ).toMatch(/^Known options: flushMs, strict/)
  })

  it('refuses values of the wrong kind with INVALID_OPTION naming the option', () => {
    const bad: [string, unknown][] = [
      ['flushMs', 0],
      ['flushMs', -5],
      ['flushMs', Number.NaN],
      ['flushMs', Infinity],
      ['flushMs', '100'],
      ['flushMs', 2 ** 31], // past what a timer accepts: Node would fire it every millisecond
      ['maxBufferedPoints', 1.5],
      ['maxBufferedPoints', 0],
      ['busyTimeoutMs', -1],
      ['busyTimeoutMs', 1.5],
      ['busyTimeoutMs', 1e21],
      ['durability', 'paranoid'],
      ['strict', 'yes'],
      ['readonly', 1],
      ['onWarning', 'stderr'],
      ['key', 'demo'],
      ['key', '1ABC'],
      ['key', 'ABCDEFGHIJK'],
    ]
    for (const [name, value] of bad) {
      const error = optionError(() => resolveOptions({ [name]: value } as never), 'INVALID_OPTION')
      expect(error.message).toContain(`option '${name}'`)
      expect(error.hint).toContain(`'${name}'`)
    }
  })

  it('accepts the longest timer delay as flushMs', () => {
    expect(resolveOptions({ flushMs: 2 ** 31 - 1 }).flushMs).toBe(2 ** 31 - 1)
  })

  it('refuses options that are not an object', () => {
    for (const value of [null, 5, 'fast', [1]])
      optionError(() => resolveOptions(value as never), 'INVALID_OPTION')
  })
})

describe('didYouMean / rejectUnknownKeys', () => {
  it('suggests the closest known name within two edits, ignoring case', () => {
    expect(didYouMean('flushms', ['flushMs', 'strict'])).toBe('flushMs')
    expect(didYouMean('strct', ['flushMs', 'strict'])).toBe('strict')
    expect(didYouMean('banana', ['flushMs', 'strict'])).toBeUndefined()
    expect(didYouMean('x', [])).toBeUndefined()
  })

  it('names where the option was given', () => {
    const error = optionError(
      () => rejectUnknownKeys({ nmae: 'x' }, ['name', 'tags'], 'startRun options'),
      'UNKNOWN_OPTION',
    )
    expect(error.message).toContain('startRun options')
    expect(error.hint).toBe("Did you mean 'name'?")
  })
})

describe('options at the API', () => {
  it('openProject refuses an unknown option before creating anything', async () => {
    const dir = tempProjectDir()
    const error = optionError(() => openProject(dir, { flushMS: 100 } as never), 'UNKNOWN_OPTION')
    expect(error.hint).toBe("Did you mean 'flushMs'?")
    const { existsSync } = await import('node:fs')
    expect(existsSync(dir)).toBe(false)
  })

  it('startRun refuses an unknown option with a hint', () => {
    const project = tempProject()
    expect(optionError(() => project.startRun({ nam: 'x' } as never), 'UNKNOWN_OPTION').hint).toBe(
      "Did you mean 'name'?",
    )
    expect(optionError(() => project.startRun({ customRunID: 'x' } as never), 'UNKNOWN_OPTION').hint).toBe(
      "Did you mean 'customRunId'?",
    )
    expect(project.runs.list()).toEqual([])
  })
})
