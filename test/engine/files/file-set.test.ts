import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FieldTypeError, InvalidValueError } from '../../../src/engine/errors.js'
import { FileNotFoundError, SymlinkLoopError } from '../../../src/engine/objects/errors.js'
import { tempDir } from '../../helpers/tmp.js'
import { sha256 } from '../objects/helpers.js'
import { fieldOf, objectsIn, testProject } from './helpers.js'

/** A small source tree: src/a.ts, src/b.test.ts, src/lib/c.ts, README.md, .hidden/d.ts. */
function sourceTree(): string {
  const root = tempDir()
  const files: Record<string, string> = {
    'src/a.ts': 'export const a = 1\n',
    'src/b.test.ts': 'test()\n',
    'src/lib/c.ts': 'export const c = 3\n',
    'README.md': '# hi\n',
    '.hidden/d.ts': 'secret\n',
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

describe('FileSet fields', () => {
  it('uploadFiles(globs, { cwd }) with a negation; listFiles(); download() writes the tree back bit-exact', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const root = sourceTree()
    const added = await run
      .field('source_code/files')
      .uploadFiles(['src/**/*.ts', '!**/*.test.ts'], { cwd: root })
    expect(added.map((m) => m.path)).toEqual(['src/a.ts', 'src/lib/c.ts'])
    const listed = run.field('source_code/files').listFiles()
    expect(listed).toEqual([
      { path: 'src/a.ts', hash: sha256(Buffer.from('export const a = 1\n')), size: 19, mime: 'text/plain' },
      {
        path: 'src/lib/c.ts',
        hash: sha256(Buffer.from('export const c = 3\n')),
        size: 19,
        mime: 'text/plain',
      },
    ])
    expect(run.field('source_code/files').type()).toBe('FileSet')
    expect(run.field('source_code/files').fetch()).toEqual(listed)
    const out = tempDir()
    const written = await run.field('source_code/files').download(out)
    expect(written.sort()).toEqual([join(out, 'src/a.ts'), join(out, 'src/lib/c.ts')])
    for (const m of listed)
      expect(readFileSync(join(out, m.path)).equals(readFileSync(join(root, m.path)))).toBe(true)
    project.close()
  })

  it('a second upload adds files and replaces same-path ones; dotfiles are included', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const root = sourceTree()
    const set = run.field('code')
    await set.uploadFiles('src/a.ts', { cwd: root })
    writeFileSync(join(root, 'src/a.ts'), 'changed\n')
    await set.uploadFiles(['src/a.ts', '.hidden/*'], { cwd: root })
    expect(set.listFiles().map((m) => [m.path, m.size])).toEqual([
      ['.hidden/d.ts', 7],
      ['src/a.ts', 8],
    ])
    project.close()
  })

  it('deleteFiles removes files and directories; the objects stay for gc', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const root = sourceTree()
    const set = run.field('code')
    await set.uploadFiles('**/*', { cwd: root })
    expect(set.listFiles().length).toBe(5)
    expect(set.deleteFiles(['src/lib', 'README.md', 'not/there'])).toBe(2)
    expect(set.listFiles().map((m) => m.path)).toEqual(['.hidden/d.ts', 'src/a.ts', 'src/b.test.ts'])
    expect(set.deleteFiles('src/')).toBe(2)
    expect(objectsIn(project.dir).length).toBe(5)
    expect(() => set.deleteFiles([''])).toThrow(InvalidValueError)
    project.close()
  })

  it('a glob matching nothing warns through onWarning and leaves an empty set', async () => {
    const { project, warnings } = testProject()
    const run = project.startRun()
    const root = sourceTree()
    const added = await fieldOf(run, 'code', (w) => warnings.push(w)).uploadFiles('**/*.py', { cwd: root })
    expect(added).toEqual([])
    expect(warnings).toEqual([expect.objectContaining({ code: 'GLOB_NO_MATCH', path: 'code' })])
    expect(run.field('code').listFiles()).toEqual([])
    expect(run.field('code').type()).toBe('FileSet')
    // a directory named without /** is counted and explained
    await fieldOf(run, 'code2', (w) => warnings.push(w)).uploadFiles('src', { cwd: root })
    expect(warnings[1]?.message).toContain("add '/**'")
    project.close()
  })

  it('symlinks: links to files are followed, links to directories are not descended, a loop is SYMLINK_LOOP', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const root = sourceTree()
    symlinkSync(join(root, 'README.md'), join(root, 'src', 'readme-link.md'))
    symlinkSync('..', join(root, 'src', 'up')) // a directory loop: src/up/src/up/...
    await run.field('code').uploadFiles('src/**', { cwd: root })
    expect(
      run
        .field('code')
        .listFiles()
        .map((m) => m.path),
    ).toEqual(['src/a.ts', 'src/b.test.ts', 'src/lib/c.ts', 'src/readme-link.md'])

    symlinkSync(join(root, 'src', 'loop-b'), join(root, 'src', 'loop-a'))
    symlinkSync(join(root, 'src', 'loop-a'), join(root, 'src', 'loop-b'))
    const before = run.field('code').listFiles()
    const error = await run
      .field('code')
      .uploadFiles('src/**', { cwd: root })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SymlinkLoopError)
    expect((error as SymlinkLoopError).code).toBe('SYMLINK_LOOP')
    expect(run.field('code').listFiles()).toEqual(before) // the set is left as it was
    project.close()
  })

  it('a dangling link in the glob is FILE_NOT_FOUND; a path outside cwd is refused', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const root = sourceTree()
    symlinkSync(join(root, 'gone'), join(root, 'src', 'dangling'))
    await expect(run.field('code').uploadFiles('src/*', { cwd: root })).rejects.toThrow(FileNotFoundError)
    await expect(run.field('code').uploadFiles('../*', { cwd: join(root, 'src') })).rejects.toMatchObject({
      code: 'PATH_OUTSIDE_CWD',
    })
    expect(run.field('code').exists()).toBe(false)
    project.close()
  })

  it('bad arguments and type conflicts are typed errors', async () => {
    const { project } = testProject()
    const run = project.startRun()
    await expect(run.field('code').uploadFiles([])).rejects.toMatchObject({ code: 'INVALID_GLOB' })
    run.assign('code', 'text')
    await expect(run.field('code').uploadFiles('*', { cwd: sourceTree() })).rejects.toThrow(FieldTypeError)
    project.close()
  })
})
