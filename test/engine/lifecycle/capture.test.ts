/**
 * Capture (issue 3), in real child processes running the built package as a training script would:
 * stdout/stderr lines into monitoring/<id>/stdout|stderr without changing what is printed; hardware
 * metrics (cpu, rss, memory, load; GPU through nvidia-smi when it answers, nothing and no noise when it
 * does not); source (git facts in a git repository, nothing and no error outside one; the entry script;
 * files by glob); the environment; and every kind switched off by its option and by its environment
 * variable, NEREID_CAPTURE=0 switching off all. (vitest intercepts console.log in its workers, so stdout
 * capture can only be checked in a child process.)
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { arch, hostname, platform, totalmem } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { RunView, SeriesPoints } from '../../../src/index.js'
import { resolveCapture } from '../../../src/engine/capture/capture-options.js'
import { captureStream } from '../../../src/engine/capture/console.js'
import { reopen, tempProject, thrown } from '../../helpers/project.js'
import { tempDir, tempProjectDir } from '../../helpers/tmp.js'
import { fixture, NO_CAPTURE, ROOT, runLifecycle, runScript, type Script } from './helpers.js'

/** The monitoring namespace id of a process: Neptune's 8-character hash of host, pid and thread (0, the main thread). */
function namespaceOf(pid: number): string {
  return `monitoring/${createHash('sha256').update(`${hostname()}:${pid}:0`).digest('hex').slice(0, 8)}`
}

const PRINTED = 'alpha\nbeta gamma\nmulti\nline\nhi hex\nnaïve ☃ snow\nwindows\r\ntail without newline'
const PRINTED_LINES = [
  'alpha',
  'beta gamma',
  'multi',
  'line',
  'hi hex',
  'naïve ☃ snow',
  'windows',
  'tail without newline',
]
const ERR_PRINTED = 'warn one\nwarn two\n'

interface Captured {
  script: Script
  code: number | null
  view: RunView
  ns: string
}

/** Runs lifecycle-capture.mjs to its end and opens its only run. */
async function capture(
  config: Record<string, unknown>,
  env: Record<string, string> = {},
  expectedCode = 0,
): Promise<Captured> {
  const dir = tempProjectDir()
  const script = runLifecycle('capture', [dir, JSON.stringify(config)], { env })
  const { code } = await script.ended
  if (code !== expectedCode)
    throw new Error(
      `lifecycle-capture.mjs ended with ${code}\nstdout:\n${script.stdout()}\nstderr:\n${script.stderr()}`,
    )
  const project = reopen(dir)
  const runs = project.runs.list()
  expect(runs).toHaveLength(1)
  return { script, code, view: project.runs.get(runs[0]!.id), ns: namespaceOf(script.process.pid!) }
}

describe('stdout and stderr capture', () => {
  it('stores every line printed, in order, and the process prints exactly what it would have', async () => {
    const { script, view, ns } = await capture({
      options: { ...NO_CAPTURE, captureStdout: true, captureStderr: true },
    })
    // what the process printed is unchanged, to the byte
    expect(script.stdout()).toBe(PRINTED)
    expect(script.stderr()).toBe(ERR_PRINTED)

    expect(view.field(`${ns}/stdout`).type()).toBe('StringSeries')
    const out = view.field(`${ns}/stdout`).fetchValues()
    expect(out.values).toEqual(PRINTED_LINES)
    expect([...out.steps]).toEqual(PRINTED_LINES.map((_, i) => i))
    expect(view.field(`${ns}/stderr`).fetchValues().values).toEqual(['warn one', 'warn two'])
    // the same through fetch('monitoring'), as a reader finds it
    expect(view.fetch('monitoring')).toEqual({
      [ns.slice('monitoring/'.length)]: { stdout: 'tail without newline', stderr: 'warn two' },
    })
    // what the run logged itself is untouched
    expect(view.field('train/loss').fetchLast()).toBe(0.5)
  })

  it('stores stdout only when stderr capture is off, and the other way round', async () => {
    const onlyOut = await capture({ options: { ...NO_CAPTURE, captureStdout: true } })
    expect(onlyOut.view.field(`${onlyOut.ns}/stdout`).fetchValues().values).toEqual(PRINTED_LINES)
    expect(onlyOut.view.exists(`${onlyOut.ns}/stderr`)).toBe(false)
    expect(onlyOut.script.stderr()).toBe(ERR_PRINTED)

    const onlyErr = await capture({ options: { ...NO_CAPTURE, captureStderr: true } })
    expect(onlyErr.view.exists(`${onlyErr.ns}/stdout`)).toBe(false)
    expect(onlyErr.view.field(`${onlyErr.ns}/stderr`).fetchValues().values).toEqual(['warn one', 'warn two'])
    expect(onlyErr.script.stdout()).toBe(PRINTED)
  })
})

/** A directory holding only an `nvidia-smi` shell script with `body`, for PATH. */
function fakeNvidiaSmi(body: string): string {
  const bin = tempDir('nereid-bin-')
  const file = join(bin, 'nvidia-smi')
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return bin
}

describe('hardware metrics', () => {
  const hardware = { ...NO_CAPTURE, captureHardwareMetrics: true, monitoringIntervalMs: 50 }

  it('samples cpu %, process RSS, system memory and load into monitoring/<id>/ every interval; no GPU fields and no noise without nvidia-smi', async () => {
    // PATH is an empty directory: there is no nvidia-smi to find
    const { script, view, ns } = await capture(
      { options: hardware, waitFor: { cpu: 3, rss: 3, memory: 3, load: 3 } },
      { PATH: tempDir('nereid-empty-path-') },
    )
    expect(script.stderr()).toBe(ERR_PRINTED)
    expect(script.stdout()).toBe(PRINTED)
    for (const name of ['cpu', 'rss', 'memory', 'load']) {
      expect([name, view.field(`${ns}/${name}`).type()]).toEqual([name, 'FloatSeries'])
      const points = view.field(`${ns}/${name}`).fetchValues() as SeriesPoints
      expect(points.values.length).toBeGreaterThanOrEqual(3)
      expect([...points.steps]).toEqual([...points.steps].map((_, i) => i))
      for (const value of points.values) expect(Number.isFinite(value)).toBe(true)
    }
    const values = (name: string) => [...(view.field(`${ns}/${name}`).fetchValues() as SeriesPoints).values]
    for (const cpu of values('cpu')) expect(cpu).toSatisfy((v: number) => v >= 0 && v <= 100)
    for (const rss of values('rss')) expect(rss).toSatisfy((v: number) => v > 1024 * 1024 && v < totalmem())
    for (const memory of values('memory')) expect(memory).toSatisfy((v: number) => v > 0 && v <= totalmem())
    for (const load of values('load')) expect(load).toBeGreaterThanOrEqual(0)
    expect(view.exists(`${ns}/gpu`)).toBe(false)
    // stdout/stderr capture was off: only the hardware fields are there
    expect(Object.keys(view.fetch('monitoring') as object)).toEqual([ns.slice('monitoring/'.length)])
    expect(Object.keys(view.fetch(ns) as object).sort()).toEqual(['cpu', 'load', 'memory', 'rss'])
  })

  it('skips GPU fields without a word when nvidia-smi fails', async () => {
    const marker = join(tempDir(), 'called')
    const bin = fakeNvidiaSmi(
      `echo called >> '${marker}'\necho 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'\nexit 9`,
    )
    const { script, view, ns } = await capture({ options: hardware, waitFor: { cpu: 3 } }, { PATH: bin })
    expect(existsSync(marker)).toBe(true)
    expect(view.exists(`${ns}/gpu`)).toBe(false)
    expect(view.exists(`${ns}/cpu`)).toBe(true)
    expect(script.stderr()).toBe(ERR_PRINTED)
  })

  it('skips GPU fields when nvidia-smi prints nothing usable', async () => {
    const bin = fakeNvidiaSmi("echo '[N/A], [N/A]'")
    const { script, view, ns } = await capture({ options: hardware, waitFor: { cpu: 3 } }, { PATH: bin })
    expect(view.exists(`${ns}/gpu`)).toBe(false)
    expect(script.stderr()).toBe(ERR_PRINTED)
  })

  it('records utilisation and memory of each GPU when nvidia-smi answers', async () => {
    const bin = fakeNvidiaSmi("echo '37, 2048'\necho '12, 512'")
    const { script, view, ns } = await capture(
      { options: hardware, waitFor: { cpu: 2, 'gpu/1/memory': 2 } },
      { PATH: bin },
    )
    expect(script.stderr()).toBe(ERR_PRINTED)
    expect(view.fetch(`${ns}/gpu`)).toEqual({
      '0': { utilization: 37, memory: 2048 },
      '1': { utilization: 12, memory: 512 },
    })
    const util = view.field(`${ns}/gpu/0/utilization`).fetchValues() as SeriesPoints
    expect(util.values.length).toBeGreaterThanOrEqual(2)
    expect(new Set(util.values)).toEqual(new Set([37]))
  })
})

describe('environment capture', () => {
  it('records Node version, platform, arch, hostname, pid, cwd and command line, and the host and pid under monitoring/<id>/', async () => {
    const { script, view, ns } = await capture({ options: { ...NO_CAPTURE, captureEnvironment: true } })
    const pid = script.process.pid!
    expect(view.fetch('environment')).toEqual({
      node: process.version,
      platform: platform(),
      arch: arch(),
      hostname: hostname(),
      pid: BigInt(pid),
      cwd: ROOT,
      command_line: expect.stringContaining(fixture('capture')) as unknown as string,
    })
    expect(view.field('environment/command_line').fetch()).toContain(process.execPath)
    expect(view.fetch(ns)).toEqual({ hostname: hostname(), pid: BigInt(pid) })
    expect(view.field(`${ns}/pid`).type()).toBe('Integer')
  })
})

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' },
  ).trim()
}

/** Writes train.mjs into `dir` (it runs lifecycle-source.mjs), and a helper file. */
function writeEntry(dir: string): void {
  writeFileSync(
    join(dir, 'train.mjs'),
    `// entry script of a test run\nimport ${JSON.stringify(pathToFileURL(fixture('source')).href)}\n`,
  )
  writeFileSync(join(dir, 'model.js'), 'export const layers = 3\n')
}

async function runSource(
  entryDir: string,
  options: Record<string, unknown>,
): Promise<{ script: Script; view: RunView }> {
  const dir = tempProjectDir()
  const script = runScript(
    join(entryDir, 'train.mjs'),
    [dir, JSON.stringify({ ...NO_CAPTURE, ...options })],
    { cwd: entryDir },
  )
  const { code } = await script.ended
  if (code !== 0) throw new Error(`train.mjs ended with ${code}\n${script.stderr()}`)
  const project = reopen(dir)
  return { script, view: project.runs.get(project.runs.list()[0]!.id) }
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('source capture', () => {
  it('records commit, branch, remote, a clean tree, the entry script and files by glob, inside a git repository', async () => {
    const repo = tempDir('nereid-repo-')
    git(repo, 'init', '-q', '-b', 'trunk')
    writeEntry(repo)
    mkdirSync(join(repo, 'lib'))
    writeFileSync(join(repo, 'lib', 'data.js'), 'export const rows = 10\n')
    git(repo, 'remote', 'add', 'origin', 'https://example.invalid/team/model.git')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'first')
    const commit = git(repo, 'rev-parse', 'HEAD')

    const { script, view } = await runSource(repo, {
      captureSource: true,
      sourceFiles: ['*.js', 'lib/**/*.js'],
    })
    expect(script.stderr()).toBe('')
    expect(view.fetch('source_code/git')).toEqual({
      commit,
      branch: 'trunk',
      remote: 'https://example.invalid/team/model.git',
      dirty: false,
      diff: '',
    })
    expect(view.fetch('source_code/entrypoint')).toEqual({
      path: 'train.mjs',
      size: BigInt(readFileSync(join(repo, 'train.mjs')).length),
      sha256: sha256(join(repo, 'train.mjs')),
    })
    const manifest = JSON.parse(view.field('source_code/files_manifest').fetch() as string) as {
      path: string
      size: number
      sha256: string
    }[]
    expect(manifest).toEqual([
      {
        path: 'lib/data.js',
        size: readFileSync(join(repo, 'lib', 'data.js')).length,
        sha256: sha256(join(repo, 'lib', 'data.js')),
      },
      {
        path: 'model.js',
        size: readFileSync(join(repo, 'model.js')).length,
        sha256: sha256(join(repo, 'model.js')),
      },
    ])
    // the contents are stored too, as the FileSet source_code/files (objects are named by their hash)
    const stored = view.field('source_code/files').listFiles()
    expect(stored.map((f) => [f.path, f.hash])).toEqual(manifest.map((m) => [m.path, m.sha256]))
  })

  it('records a dirty tree and the diff of uncommitted changes (untracked files do not make it dirty)', async () => {
    const repo = tempDir('nereid-repo-')
    git(repo, 'init', '-q', '-b', 'main')
    writeEntry(repo)
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'first')
    writeFileSync(join(repo, 'untracked.txt'), 'not in git\n')
    let { view } = await runSource(repo, { captureSource: true })
    expect(view.field('source_code/git/dirty').fetch()).toBe(false)
    expect(view.field('source_code/git/branch').fetch()).toBe('main')
    expect(view.field('source_code/git/remote').fetch()).toBe('')
    expect(view.exists('source_code/files_manifest')).toBe(false) // no globs: the entry script only

    writeFileSync(join(repo, 'model.js'), 'export const layers = 4 // wider\n')
    ;({ view } = await runSource(repo, { captureSource: true }))
    expect(view.field('source_code/git/dirty').fetch()).toBe(true)
    const diff = view.field('source_code/git/diff').fetch() as string
    expect(diff).toContain('-export const layers = 3')
    expect(diff).toContain('+export const layers = 4 // wider')
    expect(diff).toContain('model.js')
  })

  it('records no git facts and reports no error outside a repository, but still the entry script', async () => {
    const plain = tempDir('nereid-plain-')
    expect(() => execFileSync('git', ['rev-parse', '--git-dir'], { cwd: plain, stdio: 'ignore' })).toThrow()
    writeEntry(plain)
    const { script, view } = await runSource(plain, { captureSource: true })
    expect(script.stderr()).toBe('')
    expect(view.exists('source_code/git')).toBe(false)
    expect(view.field('source_code/entrypoint/path').fetch()).toBe('train.mjs')
    expect(view.field('source_code/entrypoint/sha256').fetch()).toBe(sha256(join(plain, 'train.mjs')))
  })
})

/** The kinds of capture, how each shows in a run, and how each is switched. */
const KINDS = {
  hardware: {
    option: 'captureHardwareMetrics',
    env: 'NEREID_CAPTURE_HARDWARE_METRICS',
    present: (v: RunView, ns: string) => v.exists(`${ns}/cpu`),
  },
  stdout: {
    option: 'captureStdout',
    env: 'NEREID_CAPTURE_STDOUT',
    present: (v: RunView, ns: string) => v.exists(`${ns}/stdout`),
  },
  stderr: {
    option: 'captureStderr',
    env: 'NEREID_CAPTURE_STDERR',
    present: (v: RunView, ns: string) => v.exists(`${ns}/stderr`),
  },
  traceback: {
    option: 'captureTraceback',
    env: 'NEREID_CAPTURE_TRACEBACK',
    present: (v: RunView, ns: string) =>
      v.field('sys/failed').fetch() === true && v.exists(`${ns}/traceback`),
  },
  source: {
    option: 'captureSource',
    env: 'NEREID_CAPTURE_SOURCE',
    present: (v: RunView) => v.exists('source_code/entrypoint'),
  },
  environment: {
    option: 'captureEnvironment',
    env: 'NEREID_CAPTURE_ENVIRONMENT',
    present: (v: RunView) => v.exists('environment/node'),
  },
} as const
type Kind = keyof typeof KINDS
const ALL = Object.keys(KINDS) as Kind[]

/** Runs the crashing capture script with `options` and `env`, and returns which kinds of capture showed. */
async function kindsCaptured(options: Record<string, unknown>, env: Record<string, string>): Promise<Kind[]> {
  const { script, view, ns } = await capture({ options, end: 'throw' }, env, 1)
  // whatever was captured, the process printed and failed as it would have
  expect(script.stdout()).toBe(PRINTED)
  expect(script.stderr()).toContain(ERR_PRINTED)
  expect(script.stderr()).toContain('Error: capture crash')
  expect(view.field('sys/state').fetch()).toBe('idle')
  return ALL.filter((kind) => KINDS[kind].present(view, ns))
}

describe('switching capture on and off', () => {
  it('captures every kind by default in a script (no option, no variable)', async () => {
    expect(await kindsCaptured({}, {})).toEqual(ALL)
  })

  it.each(ALL)('switches %s off by its option only', async (kind) => {
    expect(await kindsCaptured({ [KINDS[kind].option]: false }, {})).toEqual(ALL.filter((k) => k !== kind))
  })

  it.each(ALL)('switches %s off by its environment variable only', async (kind) => {
    expect(await kindsCaptured({}, { [KINDS[kind].env]: '0' })).toEqual(ALL.filter((k) => k !== kind))
  })

  it('switches every kind off with NEREID_CAPTURE=0', async () => {
    expect(await kindsCaptured({}, { NEREID_CAPTURE: '0' })).toEqual([])
  })

  it('lets an option win over the environment, and a kind variable over NEREID_CAPTURE', async () => {
    expect(await kindsCaptured({ captureStdout: true }, { NEREID_CAPTURE: '0' })).toEqual(['stdout'])
    expect(await kindsCaptured({ captureTraceback: false }, { NEREID_CAPTURE_TRACEBACK: '1' })).toEqual(
      ALL.filter((k) => k !== 'traceback'),
    )
    expect(await kindsCaptured({}, { NEREID_CAPTURE: 'off', NEREID_CAPTURE_STDERR: 'true' })).toEqual([
      'stderr',
    ])
  })
})

describe('resolveCapture (in this process)', () => {
  const off = {
    hardware: false,
    stdout: false,
    stderr: false,
    traceback: false,
    source: false,
    environment: false,
  }
  const on = { hardware: true, stdout: true, stderr: true, traceback: true, source: true, environment: true }

  it('is on by default for a script and off without one (a REPL)', () => {
    expect(resolveCapture({}, {})).toMatchObject(on)
    const argv1 = process.argv[1]
    try {
      process.argv[1] = ''
      expect(resolveCapture({}, {})).toMatchObject(off)
      expect(resolveCapture({ captureStdout: true }, {})).toMatchObject({ ...off, stdout: true })
      expect(resolveCapture({}, { NEREID_CAPTURE_SOURCE: '1' })).toMatchObject({ ...off, source: true })
    } finally {
      process.argv[1] = argv1!
    }
  })

  it('reads 0/false/no/off (any case) as off, anything else as on', () => {
    for (const value of ['0', 'false', 'FALSE', 'no', 'Off'])
      expect(resolveCapture({}, { NEREID_CAPTURE: value })).toMatchObject(off)
    for (const value of ['1', 'true', 'yes', 'on'])
      expect(resolveCapture({}, { NEREID_CAPTURE: value })).toMatchObject(on)
  })

  it('treats an empty kind variable as unset, so NEREID_CAPTURE still decides', () => {
    expect(resolveCapture({}, { NEREID_CAPTURE: '0', NEREID_CAPTURE_STDOUT: '' })).toMatchObject(off)
    expect(resolveCapture({}, { NEREID_CAPTURE: '' })).toMatchObject(on)
  })

  it('defaults the sampling period to 10 s and takes the given one', () => {
    expect(resolveCapture({}, {}).monitoringIntervalMs).toBe(10_000)
    expect(resolveCapture({ monitoringIntervalMs: 250 }, {}).monitoringIntervalMs).toBe(250)
  })

  it('refuses capture options of the wrong kind instead of reading them as on', () => {
    for (const options of [
      { captureStdout: 'no' },
      { captureHardwareMetrics: 0 },
      { monitoringIntervalMs: 0 },
      { monitoringIntervalMs: -5 },
      { monitoringIntervalMs: Number.NaN },
      { monitoringIntervalMs: 2 ** 31 },
      { sourceFiles: 'src/**/*.ts' },
      { sourceFiles: [1] },
    ]) {
      const error = thrown(() => resolveCapture(options as never, {}))
      expect([options, error.name, error.code]).toEqual([options, 'InvalidOptionError', 'INVALID_OPTION'])
    }
  })

  it('refuses bad capture options at startRun before creating a run', () => {
    const project = tempProject()
    expect(
      thrown(() => project.startRun({ ...NO_CAPTURE, captureStdout: 'yes' as unknown as boolean })).code,
    ).toBe('INVALID_OPTION')
    expect(thrown(() => project.startRun({ ...NO_CAPTURE, monitoringIntervalMs: 0 })).code).toBe(
      'INVALID_OPTION',
    )
    expect(project.runs.list()).toEqual([])
  })
})

describe('captureStream (in this process, on a stand-in stream)', () => {
  /** An object with a write() like a stream's, recording the bytes it is given. */
  function standIn() {
    const written: Buffer[] = []
    const stream = {
      write(chunk: string | Uint8Array, encoding?: BufferEncoding): boolean {
        written.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : Buffer.from(chunk))
        return true
      },
    }
    return {
      stream: stream as unknown as NodeJS.WriteStream,
      text: () => Buffer.concat(written).toString('utf8'),
    }
  }

  it('stops feeding a capture once stopped, even while a later capture still wraps it', () => {
    const { stream, text } = standIn()
    const first: string[] = []
    const second: string[] = []
    const stopFirst = captureStream(stream, (line) => first.push(line))
    const stopSecond = captureStream(stream, (line) => second.push(line))
    stream.write('both\n')
    stopFirst()
    stream.write('second only\n')
    stopSecond()
    stream.write('neither\n')
    expect(first).toEqual(['both'])
    expect(second).toEqual(['both', 'second only'])
    expect(text()).toBe('both\nsecond only\nneither\n')
  })

  it('decodes text written in another encoding and Uint8Arrays, and passes them on unchanged', () => {
    const { stream, text } = standIn()
    const lines: string[] = []
    const stop = captureStream(stream, (line) => lines.push(line))
    stream.write('aGkK', 'base64')
    stream.write(new Uint8Array([0x6f, 0x6b, 0x0a]))
    stop()
    expect(lines).toEqual(['hi', 'ok'])
    expect(text()).toBe('hi\nok\n')
  })

  it('hands over a last partial line at stop, with a cut character replaced rather than lost', () => {
    const { stream } = standIn()
    const lines: string[] = []
    const stop = captureStream(stream, (line) => lines.push(line))
    stream.write(Buffer.from('end ☃').subarray(0, 6))
    stop()
    expect(lines).toEqual(['end \ufffd'])
  })
})
