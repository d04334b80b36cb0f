/**
 * Projects for the hub's read corpus: the query tests' fixture (test/engine/query/fixture.ts) and an
 * `edges` project of values where PostgreSQL and SQLite habits part: texts that sort differently by
 * bytes than by a locale, regular expressions PostgreSQL's dialect reads otherwise, integers beyond 2^53
 * next to floats, a path holding numbers and text, series that overflow, hold only NaN or no point, and a
 * histogram series (a type NQL tests with EXISTS only).
 */
import { openProject, type Project } from '../../src/index.js'
import { tempProjectDir } from '../helpers/tmp.js'

/** Builds the edges project (named e, key E, as the hub names its runs); the caller closes it. */
export function edgesProject(): Project {
  const project = openProject(tempProjectDir('e'), { key: 'E', onWarning: () => {} })
  const runs: [string, Record<string, unknown>, number[]][] = [
    ['a\nb', { mix: 2, when: new Date('2023-01-01T00:00:00Z'), on: true }, [1, 2, 3]],
    ['Zeta', { mix: 2n, when: new Date('2023-01-01T00:00:00.001Z') }, [1e200, -1e200, 1e200]],
    ['zeta', { mix: 9007199254740993n, on: false }, [Number.NaN, Number.NaN]],
    ['Émile', { mix: 9007199254740992 }, [-0]],
    ['äb', { mix: 'x' }, [Infinity, -Infinity]],
    ['b', { mix: Number.NaN }, []],
    ['word boundary', { mix: -Infinity, count: 9223372036854775807n }, [5, 5]],
    ['back\\slash', { mix: Infinity, count: -9223372036854775808n }, [0.1, 0.2, 0.30000000000000004]],
    ['', { mix: 'X', count: 0n }, [1e-300, 1e300]],
    ['tab\there', { mix: 2.5, count: 3n }, [2]],
  ]
  runs.forEach(([name, values, points], i) => {
    const run = project.startRun({ name, tags: i % 3 === 0 ? ['even', 'x y'] : i % 3 === 1 ? ['odd'] : [] })
    run.assign(values)
    const field = run.field('series/s')
    if (points.length > 0) field.extend(points)
    run.field('notes').extend(i % 2 === 0 ? [`line ${i}`, `last ${name}`] : [`only ${i}`])
    if (i % 4 === 1) run.field('weights').append({ type: 'histogram', edges: [0, 0.5, i], values: [i, 2] })
    run.close()
  })
  return project
}
