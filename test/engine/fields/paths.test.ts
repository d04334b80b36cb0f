/** Field paths: what is valid, what is refused with InvalidPathError, and the sys/ namespace. */
import { describe, expect, it } from 'vitest'
import { InvalidPathError } from '../../../src/index.js'
import { checkPath, joinPath, MAX_PATH_BYTES, parentsOf } from '../../../src/engine/fields/paths.js'
import { tempProject, thrown } from '../../helpers/project.js'

function pathError(fn: () => unknown): InvalidPathError {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(InvalidPathError)
  expect(error.code).toBe('INVALID_PATH')
  expect(error.hint?.length).toBeGreaterThan(0)
  return error as InvalidPathError
}

const invalid: [string, string, RegExp][] = [
  ['empty', '', /empty/],
  ['a leading slash', '/metrics/acc', /empty segment/],
  ['a trailing slash', 'metrics/acc/', /empty segment/],
  ['a doubled slash', 'metrics//acc', /empty segment/],
  ['only a slash', '/', /empty segment/],
  ['a newline', 'metrics/a\ncc', /control character/],
  ['a tab', 'metrics\t/acc', /control character/],
  ['a NUL', 'metrics/\u0000', /control character/],
  ['DEL', 'metrics/\u007f', /control character/],
  ['a C1 control (NEL)', 'metrics/a\u0085b', /control character/],
  ['one byte too many', 'a'.repeat(MAX_PATH_BYTES + 1), /longer than 1024 bytes/],
  ['multi-byte characters past 1024 bytes', 'é'.repeat(513), /longer than 1024 bytes/],
  ['half of a surrogate pair', 'metrics/\ud83d', /surrogate/],
]

describe('checkPath', () => {
  it('accepts ordinary, unicode and maximal paths and returns them unchanged', () => {
    for (const path of [
      'acc',
      'metrics/acc',
      'a/b/c/d/e',
      'métriques/précision',
      '😀/🚀',
      'with space/and-dash.dot',
      'a'.repeat(MAX_PATH_BYTES),
      'é'.repeat(512),
    ]) {
      expect(checkPath(path, 'write')).toBe(path)
    }
  })

  it.each(invalid)('refuses %s', (_, path, message) => {
    expect(pathError(() => checkPath(path, 'read')).message).toMatch(message)
  })

  it('names the path in the message', () => {
    expect(pathError(() => checkPath('metrics//acc', 'read')).message).toContain('"metrics//acc"')
  })

  it('refuses a path that is not a string', () => {
    for (const path of [undefined, null, 3, ['a'], { a: 1 }]) pathError(() => checkPath(path, 'read'))
  })

  it('reserves sys/ for writes except sys/name, sys/description, sys/tags and sys/group_tags', () => {
    for (const path of ['sys/name', 'sys/description', 'sys/tags', 'sys/group_tags'])
      expect(checkPath(path, 'write')).toBe(path)
    for (const path of ['sys', 'sys/id', 'sys/state', 'sys/tags/x', 'sys/name/first', 'sys/custom']) {
      expect(pathError(() => checkPath(path, 'write')).hint).toMatch(
        /sys\/name, sys\/description, sys\/tags and sys\/group_tags/,
      )
      expect(checkPath(path, 'read')).toBe(path)
    }
    // only the namespace itself is reserved, not names that start with the letters
    expect(checkPath('system/load', 'write')).toBe('system/load')
    expect(checkPath('sysadmin', 'write')).toBe('sysadmin')
  })
})

describe('parentsOf / joinPath', () => {
  it('lists the namespaces of a path, outermost first', () => {
    expect(parentsOf('a/b/c')).toEqual(['a', 'a/b'])
    expect(parentsOf('acc')).toEqual([])
  })

  it('joins a namespace and a relative path; the empty namespace is the root', () => {
    expect(joinPath('', 'acc')).toBe('acc')
    expect(joinPath('metrics', 'acc')).toBe('metrics/acc')
    expect(joinPath('a/b', 'c/d')).toBe('a/b/c/d')
  })
})

describe('invalid paths through the run API', () => {
  it.each(invalid)('refuses %s in field(), assign(), log() and exists()', (_, path) => {
    const run = tempProject().startRun()
    pathError(() => run.field(path))
    pathError(() => run.assign(path, 1))
    pathError(() => run.log({ [path]: 1 }))
    // '' is the run's root for run.exists() and run.fetch() (the whole run), so only other paths throw there
    if (path !== '') pathError(() => run.exists(path))
    run.close()
  })

  it('refuses an empty segment inside an assigned object', () => {
    const run = tempProject().startRun()
    pathError(() => run.assign('parameters', { '': 1 }))
    pathError(() => run.assign('parameters', { 'a//b': 1 }))
    pathError(() => run.assign({ 'x\ny': 1 }))
    expect(run.exists('parameters')).toBe(false)
    run.close()
  })

  it('refuses writes to sys/ except name, description and tags, and leaves sys/ readable', () => {
    const run = tempProject().startRun({ name: 'n' })
    pathError(() => run.assign('sys/state', 'done'))
    pathError(() => run.assign('sys/id', 'X-1'))
    pathError(() => run.assign('sys', { custom: 1 }))
    pathError(() => run.assign({ sys: { owner: 'me' } }))
    pathError(() => run.log({ 'sys/loss': 1 }))
    pathError(() => run.field('sys/loss').append(1))
    pathError(() => run.field('sys/groups').add('a'))
    pathError(() => run.field('sys/id').delete())
    pathError(() => run.delete('sys'))

    run.assign('sys/name', 'renamed')
    run.assign('sys/description', 'about')
    run.assign('sys/tags', ['t1'])
    run.tags.add('t2')
    expect(run.field('sys/name').fetch()).toBe('renamed')
    expect(run.field('sys/description').fetch()).toBe('about')
    expect(run.field('sys/tags').fetch()).toEqual(['t1', 't2'])
    expect(run.field('sys/id').fetch()).toBe(run.id)
    expect(run.field('sys/state').fetch()).toBe('running')
    run.close()
  })

  it('stores a unicode path and finds it again as a field and as a namespace', () => {
    const run = tempProject().startRun()
    run.assign('😀', { a: 1, 'é/b': 'x' })
    run.field('日本/精度').append(0.5)
    expect(run.exists('😀')).toBe(true)
    expect(run.exists('😀/a')).toBe(true)
    expect(run.fetch('😀')).toEqual({ a: 1, é: { b: 'x' } })
    expect(run.structure()['日本']).toEqual({ 精度: 'FloatSeries' })
    run.delete('😀')
    expect(run.exists('😀')).toBe(false)
    expect(run.exists('日本')).toBe(true)
    run.close()
  })

  it('does not mistake a sibling with a longer name for a child of a namespace', () => {
    const run = tempProject().startRun()
    run.assign({ ab: { c: 1 }, 'a.b': 2, a: { b: 3 }, a0: 4 })
    expect(run.fetch('a')).toEqual({ b: 3 })
    run.delete('a')
    expect(run.fetch('')).toMatchObject({ ab: { c: 1 }, 'a.b': 2, a0: 4 })
    expect(run.exists('a')).toBe(false)
    run.close()
  })
})
