/** stringifyUnsupported(dict): unsupported values become strings, the rest is kept. */
import { describe, expect, it } from 'vitest'
import { stringifyUnsupported } from '../../../src/index.js'
import { tempProject, thrown } from '../../helpers/project.js'

class Scheduler {
  toString(): string {
    return 'Scheduler(step=10)'
  }
}

describe('stringifyUnsupported', () => {
  it('turns null, undefined, number arrays and class instances into strings, keeping the rest', () => {
    const date = new Date(0)
    const out = stringifyUnsupported({
      lr: 0.1,
      n: 3n,
      on: true,
      when: date,
      names: ['a', 'b'],
      betas: [0.9, 0.999],
      none: null,
      missing: undefined,
      sched: new Scheduler(),
      plain: new (class Plain {
        x = 1
      })(),
      nested: { big: [1n, 2n] },
    })
    expect(out).toEqual({
      lr: 0.1,
      n: 3n,
      on: true,
      when: date,
      names: ['a', 'b'],
      betas: '[0.9,0.999]',
      none: 'null',
      missing: 'undefined',
      sched: 'Scheduler(step=10)',
      plain: '{"x":1}',
      nested: { big: '["1","2"]' },
    })
  })

  it('replaces a reference back to an enclosing dict with [Circular]', () => {
    const dict: Record<string, unknown> = { a: 1 }
    dict.self = dict
    expect(stringifyUnsupported(dict)).toEqual({ a: 1, self: '[Circular]' })
  })

  it('gives a dict assign() stores completely, with no warning', () => {
    const warnings: unknown[] = []
    const run = tempProject({ onWarning: (w) => warnings.push(w) }).startRun()
    run.assign('parameters', stringifyUnsupported({ lr: 0.1, betas: [0.9, 0.999], scheduler: null }))
    expect(run.field('parameters/betas').fetch()).toBe('[0.9,0.999]')
    expect(run.field('parameters/scheduler').fetch()).toBe('null')
    expect(warnings).toEqual([])
  })

  it('refuses a value that is not a dict', () => {
    expect(thrown(() => stringifyUnsupported(5 as never)).code).toBe('INVALID_VALUE')
  })
})
