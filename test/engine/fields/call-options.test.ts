/** Every options object of the write calls is checked as openProject's is: "did you mean", and kinds. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../../../src/index.js'
import { rejected, tempProject, thrown } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'

function optionError(fn: () => unknown, code: string, hint: RegExp): void {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(InvalidOptionError)
  expect(error.code).toBe(code)
  expect(error.hint).toMatch(hint)
}

describe('options of write calls', () => {
  it("log(v, { stpe: 5 }) suggests 'step' and writes nothing", () => {
    const run = tempProject().startRun()
    optionError(() => run.log({ v: 1 }, { stpe: 5 } as never), 'UNKNOWN_OPTION', /'step'/)
    run.flush()
    expect(run.exists('v')).toBe(false)
  })

  it("append(v, { setp: 3 }) suggests 'step'", () => {
    const run = tempProject().startRun()
    optionError(() => run.field('v').append(1, { setp: 3 } as never), 'UNKNOWN_OPTION', /'step'/)
    expect(run.exists('v')).toBe(false)
  })

  it("log(v, { step: '3' }) is an INVALID_OPTION naming the kind", () => {
    const run = tempProject().startRun()
    optionError(() => run.log({ v: 1 }, { step: '3' } as never), 'INVALID_OPTION', /a number/)
  })

  it("extend(v, { step: [...] }) suggests 'steps'; steps of strings are refused", () => {
    const run = tempProject().startRun()
    optionError(() => run.field('e').extend([1], { step: [0] } as never), 'UNKNOWN_OPTION', /'steps'/)
    optionError(
      () => run.field('e').extend([1], { steps: ['0'] } as never),
      'INVALID_OPTION',
      /array of numbers/,
    )
  })

  it("upload(f, { nmae }) suggests 'name'; upload(f, { mime: 5 }) is refused", async () => {
    const run = tempProject().startRun()
    const file = join(tempDir(), 'a.txt')
    writeFileSync(file, 'x')
    const typo = await rejected(run.field('f').upload(file, { nmae: 'b' } as never))
    expect(typo.code).toBe('UNKNOWN_OPTION')
    expect(typo.hint).toMatch(/'name'/)
    const kind = await rejected(run.field('f').upload(file, { mime: 5 } as never))
    expect(kind.code).toBe('INVALID_OPTION')
    expect(run.exists('f')).toBe(false)
  })

  it('appendFile, uploadFiles and trackFiles check their options', async () => {
    const run = tempProject().startRun()
    const dir = tempDir()
    writeFileSync(join(dir, 'a.txt'), 'x')
    expect((await rejected(run.field('s').appendFile(Buffer.from('x'), { stpe: 1 } as never))).code).toBe(
      'UNKNOWN_OPTION',
    )
    expect(
      (await rejected(run.field('s').append(Buffer.from('x'), { descripton: 'd' } as never))).hint,
    ).toMatch(/'description'/)
    expect((await rejected(run.field('set').uploadFiles('*.txt', { cdw: dir } as never))).hint).toMatch(
      /'cwd'/,
    )
    expect((await rejected(run.field('art').trackFiles('a.txt', { cwd: 5 } as never))).code).toBe(
      'INVALID_OPTION',
    )
  })

  it('fetchValues({ form: 1 }) suggests from, and fetchValues({ from: "a" }) is refused', () => {
    const run = tempProject().startRun()
    run.log({ v: 1 })
    run.flush()
    optionError(() => run.field('v').fetchValues({ form: 1 } as never), 'UNKNOWN_OPTION', /'from'/)
    expect(thrown(() => run.field('v').fetchValues({ from: 'a' } as never)).code).toBe('INVALID_OPTION')
  })

  it('download(5) is an INVALID_OPTION, not a TypeError from path.resolve', async () => {
    const run = tempProject().startRun()
    await run.field('f').upload(Buffer.from('x'))
    expect((await rejected(run.field('f').download(5 as never))).code).toBe('INVALID_OPTION')
  })

  it('an options argument that is no object is refused', () => {
    const run = tempProject().startRun()
    optionError(() => run.log({ v: 1 }, 5 as never), 'INVALID_OPTION', /object/)
  })
})
