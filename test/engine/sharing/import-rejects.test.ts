import { readFileSync, rmSync, truncateSync, writeFileSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Project } from '../../../src/index.js'
import { BLOCK, encodeHeader, padding } from '../../../src/format/tar/ustar.js'
import { tempProject } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'
import { dumpProject, objectFiles } from './dump.js'

interface Entry {
  name: string
  content?: Buffer
  typeflag?: string
  linkname?: string
}

/** A ustar archive of `entries`, headers patched by hand where a real export never writes them. */
function tar(entries: Entry[]): Buffer {
  const parts: Buffer[] = []
  for (const e of entries) {
    const content = e.content ?? Buffer.alloc(0)
    const block = Buffer.from(encodeHeader({ name: 'x', size: content.length, type: 'file', mtime: 0 }))
    block.fill(0, 0, 100).write(e.name, 0, 'utf8')
    if (e.typeflag) block[156] = e.typeflag.charCodeAt(0)
    if (e.linkname) block.write(e.linkname, 157, 'utf8')
    block.fill(0x20, 148, 156)
    let sum = 0
    for (const b of block) sum += b
    block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1')
    parts.push(block, content, Buffer.alloc(padding(content.length)))
  }
  parts.push(Buffer.alloc(BLOCK * 2))
  return Buffer.concat(parts)
}

let source: Project
let exported: string
let db: Buffer
let hash: string

beforeAll(async () => {
  source = tempProject({}, 'src')
  const run = source.startRun({ name: 'a' })
  run.field('loss').extend([1, 2, 3])
  await run.field('weights').upload(Buffer.from('the weights'))
  run.close()
  exported = join(tempDir(), 'copy')
  await source.export(exported)
  db = readFileSync(join(exported, 'project.db'))
  hash = objectFiles(exported)[0]!
})

function file(name: string, bytes: Buffer): string {
  const path = join(tempDir(), name)
  writeFileSync(path, bytes)
  return path
}

/** Imports `src` into a project holding one run of its own; expects `code` and nothing written. */
async function refused(src: string, code: string): Promise<void> {
  const target = tempProject({}, 'dst')
  const run = target.startRun({ name: 'mine' })
  await run.field('file').upload(Buffer.from('mine'))
  run.close()
  const before = dumpProject(target.dir)
  const objects = objectFiles(target.dir)
  const error = await target.import(src).then(
    () => undefined,
    (e: unknown) => e as { code: string; hint: string },
  )
  expect(error?.code).toBe(code)
  expect(error?.hint).toMatch(/Nothing was written/)
  expect(dumpProject(target.dir)).toEqual(before)
  expect(objectFiles(target.dir)).toEqual(objects)
  const op = target.operations.list().at(-1)!
  expect([op.kind, op.status, op.error?.code]).toEqual(['import', 'errored', code])
}

const object = (h: string) => `objects/sha256/${h.slice(0, 2)}/${h}`

describe('project.import refuses, writing nothing', () => {
  it("an entry with '..' (ARCHIVE_UNSAFE_PATH)", async () => {
    await refused(
      file(
        'a.tar',
        tar([
          { name: 'project.db', content: db },
          { name: '../evil', content: db },
        ]),
      ),
      'ARCHIVE_UNSAFE_PATH',
    )
  })

  it('an absolute path (ARCHIVE_UNSAFE_PATH)', async () => {
    await refused(
      file(
        'a.tar',
        tar([
          { name: '/tmp/evil', content: db },
          { name: 'project.db', content: db },
        ]),
      ),
      'ARCHIVE_UNSAFE_PATH',
    )
  })

  it('a link (ARCHIVE_LINK)', async () => {
    const entries = [
      { name: 'project.db', content: db },
      { name: object(hash), typeflag: '2', linkname: '/etc/passwd' },
    ]
    await refused(file('a.tar', tar(entries)), 'ARCHIVE_LINK')
  })

  it('a device file (ARCHIVE_DEVICE)', async () => {
    await refused(
      file(
        'a.tar',
        tar([
          { name: 'project.db', content: db },
          { name: 'objects/dev', typeflag: '3' },
        ]),
      ),
      'ARCHIVE_DEVICE',
    )
  })

  it('an object whose content does not match its hash (OBJECT_HASH_MISMATCH), in an archive or a directory', async () => {
    const wrong = Buffer.from('the weighTs')
    await refused(
      file(
        'a.tar',
        tar([
          { name: 'project.db', content: db },
          { name: object(hash), content: wrong },
        ]),
      ),
      'OBJECT_HASH_MISMATCH',
    )
    const dir = join(tempDir(), 'tampered')
    mkdirSync(join(dir, 'objects', 'sha256', hash.slice(0, 2)), { recursive: true })
    writeFileSync(join(dir, 'project.db'), db)
    writeFileSync(join(dir, object(hash)), wrong)
    await refused(dir, 'OBJECT_HASH_MISMATCH')
  })

  it('a referenced object that is missing (OBJECT_MISSING)', async () => {
    await refused(file('a.tar', tar([{ name: 'project.db', content: db }])), 'OBJECT_MISSING')
  })

  it('a truncated archive (ARCHIVE_TRUNCATED)', async () => {
    const whole = join(tempDir(), 'whole.tar')
    await source.export(whole, { format: 'tar' })
    truncateSync(whole, Math.floor(statSync(whole).size / 2))
    await refused(whole, 'ARCHIVE_TRUNCATED')
  })

  it('a project of a newer format (FORMAT_TOO_NEW)', async () => {
    const newer = join(tempDir(), 'newer')
    mkdirSync(join(newer, 'objects', 'sha256', hash.slice(0, 2)), { recursive: true })
    writeFileSync(join(newer, 'project.db'), db)
    writeFileSync(join(newer, object(hash)), readFileSync(join(exported, object(hash))))
    const raw = new Database(join(newer, 'project.db'))
    raw.prepare("UPDATE meta SET value = '999' WHERE key = 'format_version'").run()
    raw.close()
    await refused(newer, 'FORMAT_TOO_NEW')
    const bytes = readFileSync(join(newer, 'project.db'))
    await refused(file('n.tar', tar([{ name: 'project.db', content: bytes }])), 'FORMAT_TOO_NEW')
  })

  it('a file or directory that is not a project (NOT_A_PROJECT)', async () => {
    await refused(file('notes.txt', Buffer.from('hello, not a project\n'.repeat(50))), 'NOT_A_PROJECT')
    await refused(tempDir(), 'NOT_A_PROJECT')
    await refused(join(tempDir(), 'absent'), 'NOT_A_PROJECT')
    const other = join(tempDir(), 'other')
    mkdirSync(other)
    const raw = new Database(join(other, 'project.db'))
    raw.exec('CREATE TABLE songs (title TEXT)')
    raw.close()
    await refused(other, 'NOT_A_PROJECT')
    await refused(
      file('o.tar', tar([{ name: 'project.db', content: readFileSync(join(other, 'project.db')) }])),
      'NOT_A_PROJECT',
    )
    await refused(
      file('x.tar', tar([{ name: 'readme.txt', content: Buffer.from('hi') }])),
      'ARCHIVE_UNEXPECTED_ENTRY',
    )
    rmSync(other, { recursive: true })
  })
})
