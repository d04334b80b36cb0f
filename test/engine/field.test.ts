/** Field handles: every write and read method, and every type conflict with its code and hint. */
import { describe, expect, it } from 'vitest'
import {
  FieldTypeError,
  InvalidValueError,
  NotFoundError,
  type SeriesPoints,
  type StringPoints,
} from '../../src/index.js'
import { tempProject, thrown } from '../helpers/project.js'

function conflict(fn: () => unknown, code = 'FIELD_TYPE_CONFLICT'): FieldTypeError {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(FieldTypeError)
  expect(error.code).toBe(code)
  expect(error.hint?.length).toBeGreaterThan(0)
  return error as FieldTypeError
}

describe('writing', () => {
  it('creates nothing until the first write, which fixes the type', () => {
    const run = tempProject().startRun()
    const field = run.field('metrics/acc')
    expect(field.exists()).toBe(false)
    expect(field.type()).toBeUndefined()
    field.append(0.5)
    expect(field.exists()).toBe(true)
    expect(field.type()).toBe('FloatSeries')
    run.close()
  })

  it('assigns each atom type through field().assign', () => {
    const run = tempProject().startRun()
    const when = new Date(86_400_000)
    run.field('a/float').assign(0.25)
    run.field('a/int').assign(-5n)
    run.field('a/bool').assign(false)
    run.field('a/str').assign('')
    run.field('a/date').assign(when)
    run.field('a/set').assign(['y', 'x'])
    expect(run.structure().a).toEqual({
      float: 'Float',
      int: 'Integer',
      bool: 'Boolean',
      str: 'String',
      date: 'Datetime',
      set: 'StringSet',
    })
    expect(run.fetch('a')).toEqual({
      float: 0.25,
      int: -5n,
      bool: false,
      str: '',
      date: when,
      set: ['x', 'y'],
    })
    run.close()
  })

  it('appends with step defaults, explicit steps and timestamps (Date or ms)', () => {
    const run = tempProject().startRun()
    const acc = run.field('metrics/acc')
    acc.append(0.1)
    acc.append(0.2, { timestamp: 1_000 })
    acc.append(0.3, { step: 5, timestamp: new Date(2_000) })
    acc.append(7n)
    const points = acc.fetchValues() as SeriesPoints
    expect([...points.steps]).toEqual([0, 1, 5, 6])
    expect([...points.values]).toEqual([0.1, 0.2, 0.3, 7])
    expect([...points.timestamps.subarray(1, 3)]).toEqual([1_000, 2_000])
    run.close()
  })

  it('extends with steps and timestamps, or with the default steps', () => {
    const run = tempProject().startRun()
    const f = run.field('f')
    f.extend([1, 2])
    f.extend([3, 4], { steps: [10, 20], timestamps: [new Date(5), 6] })
    f.extend([])
    const points = f.fetchValues() as SeriesPoints
    expect([...points.steps]).toEqual([0, 1, 10, 20])
    expect([...points.timestamps.subarray(2)]).toEqual([5, 6])
    run.field('s').extend(['a', 'b'], { steps: [3, 4] })
    expect(run.field('s').fetchValues()).toMatchObject({ values: ['a', 'b'] })
    run.close()
  })

  it('refuses extend() with steps or timestamps of another length', () => {
    const run = tempProject().startRun()
    const error = thrown(() => run.field('f').extend([1, 2, 3], { steps: [1, 2] }))
    expect(error).toBeInstanceOf(InvalidValueError)
    expect(error.code).toBe('LENGTH_MISMATCH')
    expect(thrown(() => run.field('f').extend([1], { timestamps: [1, 2] })).code).toBe('LENGTH_MISMATCH')
    expect(run.exists('f')).toBe(false)
    run.close()
  })

  it('keeps string series in order with their steps', () => {
    const run = tempProject().startRun()
    const notes = run.field('logs/notes')
    notes.append('epoch 1 done')
    notes.append('epoch 2 done', { step: 4 })
    notes.append('naïve 😀 text\nwith a newline')
    expect(notes.type()).toBe('StringSeries')
    expect(notes.fetchLast()).toBe('naïve 😀 text\nwith a newline')
    expect(notes.fetch()).toBe('naïve 😀 text\nwith a newline')
    const points = notes.fetchValues() as StringPoints
    expect(points.steps).toBeInstanceOf(Float64Array)
    expect([...points.steps]).toEqual([0, 4, 5])
    expect(points.values).toEqual(['epoch 1 done', 'epoch 2 done', 'naïve 😀 text\nwith a newline'])
    expect((notes.fetchValues({ from: 1, to: 4 }) as StringPoints).values).toEqual(['epoch 2 done'])
    run.close()
  })

  it('adds, removes and clears strings of a StringSet', () => {
    const run = tempProject().startRun({ tags: ['a'] })
    const splits = run.field('data/splits')
    splits.add(['train', 'val'])
    splits.add('test')
    splits.add('train')
    expect(splits.fetch()).toEqual(['test', 'train', 'val'])
    splits.remove(['val', 'absent'])
    expect(splits.fetch()).toEqual(['test', 'train'])
    splits.clear()
    expect(splits.fetch()).toEqual([])
    expect(splits.type()).toBe('StringSet')
    run.tags.add(['b', 'c'])
    run.tags.remove('a')
    expect(run.tags.fetch()).toEqual(['b', 'c'])
    expect(thrown(() => splits.add([1] as never))).toBeInstanceOf(InvalidValueError)
    run.close()
  })

  it('deletes a field through its handle', () => {
    const run = tempProject().startRun()
    run.field('x').append(1)
    run.field('x').delete()
    expect(run.field('x').exists()).toBe(false)
    run.field('x').assign('fresh')
    expect(run.field('x').type()).toBe('String')
    run.close()
  })
})

describe('reading', () => {
  it('fetchValues returns Float64Arrays over an inclusive step range', () => {
    const run = tempProject().startRun()
    run.field('f').extend([0, 1, 2, 3, 4, 5], { steps: [0, 2, 4, 6, 8, 10] })
    const all = run.field('f').fetchValues() as SeriesPoints
    expect(all.values).toBeInstanceOf(Float64Array)
    const mid = run.field('f').fetchValues({ from: 2, to: 8 }) as SeriesPoints
    expect([...mid.steps]).toEqual([2, 4, 6, 8])
    expect([...(run.field('f').fetchValues({ from: 3 }) as SeriesPoints).steps]).toEqual([4, 6, 8, 10])
    expect([...(run.field('f').fetchValues({ to: 3 }) as SeriesPoints).steps]).toEqual([0, 2])
    expect((run.field('f').fetchValues({ from: 11 }) as SeriesPoints).values.length).toBe(0)
    expect((run.field('f').fetchValues({ from: 5, to: 1 }) as SeriesPoints).values.length).toBe(0)
    run.close()
  })

  it('reads what the process wrote before any flush', () => {
    const run = tempProject({ flushMs: 2 ** 31 - 1 }).startRun()
    run.log({ x: 42 })
    run.assign('p', 'v')
    expect(run.field('x').fetchLast()).toBe(42)
    expect(run.field('p').fetch()).toBe('v')
    run.close()
  })

  it('throws NotFoundError with a "Did you mean" hint for a missing field', () => {
    const run = tempProject().startRun()
    run.field('metrics/acc').append(1)
    const error = thrown(() => run.field('metrics/ac').fetchLast())
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.code).toBe('FIELD_NOT_FOUND')
    expect(error.hint).toBe("Did you mean 'metrics/acc'?")
    expect(thrown(() => run.field('zzz/yyy/xxx').fetch())).toBeInstanceOf(NotFoundError)
    expect(thrown(() => run.fetch('nothing'))).toBeInstanceOf(NotFoundError)
    run.close()
  })

  it('refuses series reads of atoms and sets (WRONG_FIELD_TYPE)', () => {
    const run = tempProject().startRun()
    run.assign('lr', 0.1)
    run.assign('set', ['a'])
    conflict(() => run.field('lr').fetchLast(), 'WRONG_FIELD_TYPE')
    conflict(() => run.field('lr').fetchValues(), 'WRONG_FIELD_TYPE')
    conflict(() => run.field('set').fetchValues(), 'WRONG_FIELD_TYPE')
    run.close()
  })
})

describe('type conflicts', () => {
  it('assigning a string (or any atom) to a FloatSeries', () => {
    const run = tempProject().startRun()
    run.field('metrics/acc').append(0.5)
    const error = conflict(() => run.assign('metrics/acc', 'high'))
    expect(error.message).toContain("'metrics/acc' is a FloatSeries")
    conflict(() => run.field('metrics/acc').assign(0.9))
    conflict(() => run.assign('metrics', { acc: 1 }))
    conflict(() => run.assign('metrics/acc', ['a']))
    expect(run.field('metrics/acc').fetchLast()).toBe(0.5)
    run.close()
  })

  it('appending, extending or logging to a Float', () => {
    const run = tempProject().startRun()
    run.assign('lr', 0.1)
    const error = conflict(() => run.field('lr').append(0.2))
    expect(error.message).toContain("'lr' is a Float")
    expect(error.hint).toMatch(/assign\(\)/)
    conflict(() => run.field('lr').extend([1, 2]))
    conflict(() => run.log({ lr: 0.2 }))
    conflict(() => run.field('lr').append('text'))
    expect(run.field('lr').fetch()).toBe(0.1)
    run.close()
  })

  it('writing a child under an atom, a series or a set', () => {
    const run = tempProject().startRun()
    run.assign('lr', 0.1)
    run.field('loss').append(1)
    run.assign('set', ['a'])
    const error = conflict(() => run.assign('lr/warmup', 5))
    expect(error.message).toContain("'lr' is a Float field, so 'lr/warmup' cannot be created under it")
    expect(error.hint).toContain("'lr_warmup'")
    conflict(() => run.log({ 'loss/smooth': 1 }))
    conflict(() => run.field('lr/a/b').append(1))
    conflict(() => run.field('set/x').add('y'))
    expect(run.exists('lr/warmup')).toBe(false)
    run.close()
  })

  it('assigning an object where an atom is', () => {
    const run = tempProject().startRun()
    run.assign('optimizer', 'adam')
    const error = conflict(() => run.assign('optimizer', { name: 'adam', lr: 0.1 }))
    expect(error.message).toContain("'optimizer' is a String field")
    expect(run.field('optimizer').fetch()).toBe('adam')
    expect(run.exists('optimizer/name')).toBe(false)
    run.close()
  })

  it('assigning an atom where a namespace is', () => {
    const run = tempProject().startRun()
    run.assign('parameters', { lr: 0.1 })
    run.log({ 'train/loss': 1 })
    const error = conflict(() => run.assign('parameters', 0.5))
    expect(error.message).toContain("'parameters' is a namespace")
    expect(error.hint).toContain("'parameters/value'")
    conflict(() => run.log({ train: 1 }))
    conflict(() => run.field('train').append('x'))
    conflict(() => run.field('parameters').add('x'))
    expect(run.fetch('parameters')).toEqual({ lr: 0.1 })
    run.close()
  })

  it('a value of another kind in a series or an atom', () => {
    const run = tempProject().startRun()
    run.field('loss').append(1)
    run.field('notes').append('a')
    run.assign('name', 'x')
    run.assign('flag', true)
    run.assign('count', 3n)
    conflict(() => run.field('loss').append('high'))
    conflict(() => run.field('notes').append(2))
    conflict(() => run.log({ notes: 2 }))
    conflict(() => run.log({ loss: 'x' }))
    conflict(() => run.assign('name', 1))
    conflict(() => run.assign('flag', 'yes'))
    conflict(() => run.assign('count', 0.5))
    conflict(() => run.assign('name', new Date()))
    conflict(() => run.field('name').add('x'))
    conflict(() => run.field('loss').add('x'))
    expect(run.field('notes').fetchValues().values).toEqual(['a'])
    run.close()
  })

  it('checks one assigned object whole: a conflict anywhere writes none of it', () => {
    const run = tempProject().startRun()
    run.field('p/loss').append(1)
    conflict(() => run.assign('p', { a: 1, b: 'two', loss: 3 }))
    expect(run.fetch('p')).toEqual({ loss: 1 })
    run.close()
  })

  it('remembers field types after close and resume', () => {
    const project = tempProject()
    const run = project.startRun({ customRunId: 'types' })
    run.field('loss').append(1)
    run.assign('lr', 0.1)
    run.close()
    const again = project.startRun({ customRunId: 'types' })
    conflict(() => again.assign('loss', 'x'))
    conflict(() => again.field('lr').append(1))
    conflict(() => again.assign('lr/x', 1))
    again.close()
  })
})
