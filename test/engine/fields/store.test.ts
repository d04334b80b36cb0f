/** SQL over the fields table: namespaces by path range, atom writes, set edits, deletes, type checks. */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runs } from '../../../schema/tables.js'
import { FieldTypeError } from '../../../src/index.js'
import { encodeAtom } from '../../../src/engine/fields/atom-codec.js'
import { openDatabase, type Database } from '../../../src/engine/driver/database.js'
import {
  deleteFields,
  editStringSet,
  ensureField,
  fieldsUnder,
  getField,
  listFields,
  writeAtom,
} from '../../../src/engine/fields/store.js'
import { prepareSchema } from '../../../src/engine/driver/migrate.js'
import { thrown } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'

const open: Database[] = []
afterEach(() => {
  for (const database of open.splice(0)) database.close()
})

/** A fresh project.db with two runs; returns their row ids. */
function setup(): { database: Database; run: number; other: number } {
  const database = openDatabase(join(tempDir(), 'project.db'), { readonly: false, durability: 'normal' })
  prepareSchema(database)
  open.push(database)
  const [run, other] = database.write((db) =>
    [1, 2].map(
      (n) =>
        db
          .insert(runs)
          .values({ kind: 'run', number: n, sysId: `T-${n}`, uuid: `u-${n}`, createdAt: 0 })
          .returning()
          .get().id,
    ),
  )
  return { database, run: run!, other: other! }
}

function paths(database: Database, run: number, namespace: string): string[] {
  return database.read((db) => fieldsUnder(db, run, namespace).map((r) => r.path))
}

describe('fieldsUnder', () => {
  it('finds a field, or every field below a namespace, and nothing that only shares a prefix', () => {
    const { database, run, other } = setup()
    const names = ['a', 'a/b', 'a/c/d', 'a.b', 'a0', 'ab/c', 'a /x', 'b/a']
    database.write((db) => {
      for (const path of names) writeAtom(db, run, path, 'Float', encodeAtom('Float', 1), 0)
      writeAtom(db, other, 'a/b', 'Float', encodeAtom('Float', 1), 0)
    })
    expect(paths(database, run, 'a')).toEqual(['a', 'a/b', 'a/c/d'])
    expect(paths(database, run, 'a/c')).toEqual(['a/c/d'])
    expect(paths(database, run, 'ab')).toEqual(['ab/c'])
    expect(paths(database, run, 'b')).toEqual(['b/a'])
    expect(paths(database, run, 'zz')).toEqual([])
    expect(paths(database, run, '').length).toBe(names.length)
  })

  it('finds namespaces whose names hold characters outside the Basic Multilingual Plane', () => {
    const { database, run } = setup()
    database.write((db) => {
      for (const path of ['😀/a', '😀/b/c', '😀x/d', '𝔘/é', 'é/𝔘'])
        writeAtom(db, run, path, 'String', encodeAtom('String', path), 0)
    })
    expect(paths(database, run, '😀')).toEqual(['😀/a', '😀/b/c'])
    expect(paths(database, run, '𝔘')).toEqual(['𝔘/é'])
    expect(paths(database, run, 'é')).toEqual(['é/𝔘'])
  })
})

describe('writes', () => {
  it('ensureField creates a row once and refuses another type with FIELD_TYPE_CONFLICT', () => {
    const { database, run } = setup()
    const first = database.write((db) => ensureField(db, run, 'x', 'FloatSeries', 0))
    const again = database.write((db) => ensureField(db, run, 'x', 'FloatSeries', 0))
    expect(again.id).toBe(first.id)
    const error = thrown(() => database.write((db) => ensureField(db, run, 'x', 'String', 0)))
    expect(error).toBeInstanceOf(FieldTypeError)
    expect(error.code).toBe('FIELD_TYPE_CONFLICT')
    expect(database.read((db) => listFields(db, run)).map((r) => [r.path, r.type])).toEqual([
      ['x', 'FloatSeries'],
    ])
  })

  it('writeAtom overwrites the cells of an atom', () => {
    const { database, run } = setup()
    database.write((db) => writeAtom(db, run, 'lr', 'Float', encodeAtom('Float', Number.NaN), 0))
    database.write((db) => writeAtom(db, run, 'lr', 'Float', encodeAtom('Float', 0.5), 1))
    expect(database.read((db) => getField(db, run, 'lr'))).toMatchObject({
      num: 0.5,
      bits: null,
      updatedAt: 1,
    })
  })

  it('editStringSet applies edits and keeps the size in count', () => {
    const { database, run } = setup()
    database.write((db) =>
      editStringSet(db, run, 'tags', (set) => ['b', 'a', 'b'].forEach((t) => set.add(t)), 0),
    )
    database.write((db) => editStringSet(db, run, 'tags', (set) => set.delete('b'), 0))
    expect(database.read((db) => getField(db, run, 'tags'))).toMatchObject({
      type: 'StringSet',
      text: '["a"]',
      count: 1,
    })
  })

  it('deleteFields removes a field or a namespace of one run only, and says how many', () => {
    const { database, run, other } = setup()
    database.write((db) => {
      for (const path of ['a/x', 'a/y', 'ab']) writeAtom(db, run, path, 'Float', encodeAtom('Float', 1), 0)
      writeAtom(db, other, 'a/x', 'Float', encodeAtom('Float', 1), 0)
    })
    expect(database.write((db) => deleteFields(db, run, 'a'))).toBe(2)
    expect(database.write((db) => deleteFields(db, run, 'missing'))).toBe(0)
    expect(database.read((db) => listFields(db, run)).map((r) => r.path)).toEqual(['ab'])
    expect(database.read((db) => listFields(db, other)).map((r) => r.path)).toEqual(['a/x'])
  })
})
