/**
 * Columns of a runs table. A column is a field path (`parameters/lr`; a series gives its last value) or a
 * series summary written `metrics/acc:max` or `max(metrics/acc)`: last, min, max, average, variance (over
 * the finite points) or count. `sys/id` is always the first column. Columns are checked against the
 * project: a path no container of the kind has is refused with a "did you mean".
 *
 * @example
 * parseColumn('max(metrics/acc)')    // { name: 'metrics/acc:max', path: 'metrics/acc', aggregate: 'max' }
 * parseColumn('parameters/lr')       // { name: 'parameters/lr', path: 'parameters/lr' }
 */
import { InvalidOptionError, NotFoundError } from '../errors.js'
import type { FieldType } from '../fields/types.js'
import { didYouMean } from '../suggest.js'
import { checkPath } from '../fields/paths.js'
import { kindName, type FieldProbe } from './field-probe.js'
import type { Aggregate } from './nql-ast.js'

/** What a column shows of a series: NQL's aggregates, plus the number of points. */
export type ColumnAggregate = Aggregate | 'count'

/** A requested column. */
export interface ColumnSpec {
  /** Canonical name: the path, or `path:aggregate`. */
  name: string
  path: string
  aggregate?: ColumnAggregate
}

/** A column of a fetched table. */
export interface TableColumn extends ColumnSpec {
  /** The stored type of the field (types joined by '|' when runs disagree), e.g. 'FloatSeries'. */
  type: string
}

/** The column every table starts with. */
export const ID_COLUMN = 'sys/id'

const AGGREGATE_NAMES = ['last', 'min', 'max', 'average', 'variance', 'count']
const CALL = new RegExp(`^(${AGGREGATE_NAMES.join('|')})\\((.+)\\)$`, 'i')
const SUFFIX = new RegExp(`^(.+):(${AGGREGATE_NAMES.join('|')})$`, 'i')

/** sys fields a container may lack (or that come later), with their types, accepted as columns anyway. */
const SYS_TYPES: Record<string, FieldType> = {
  'sys/id': 'String',
  'sys/uuid': 'String',
  'sys/name': 'String',
  'sys/description': 'String',
  'sys/tags': 'StringSet',
  'sys/group_tags': 'StringSet',
  'sys/custom_run_id': 'String',
  'sys/state': 'String',
  'sys/creation_time': 'Datetime',
  'sys/modification_time': 'Datetime',
  'sys/ping_time': 'Datetime',
  'sys/owner': 'String',
  'sys/failed': 'Boolean',
}

/**
 * Reads a column as written. `isPath` tells whether text like 'a:max' is itself a field path (then it is
 * not read as a summary).
 */
export function parseColumn(text: string, isPath: (path: string) => boolean = () => false): ColumnSpec {
  if (typeof text !== 'string') {
    throw new InvalidOptionError('INVALID_COLUMN', `a column must be a string, got ${typeof text}`, {
      hint: "Name columns by field path, e.g. 'parameters/lr' or 'metrics/acc:max'.",
    })
  }
  const call = CALL.exec(text)
  const suffix = call ? undefined : SUFFIX.exec(text)
  const [path, aggregate] = call
    ? [call[2]!, call[1]!]
    : suffix && !isPath(text)
      ? [suffix[1]!, suffix[2]!]
      : [text, undefined]
  checkPath(path, 'read')
  if (aggregate === undefined) return { name: path, path }
  const lower = aggregate.toLowerCase() as ColumnAggregate
  return { name: `${path}:${lower}`, path, aggregate: lower }
}

/**
 * Checks `specs` against the project and gives each its type (one statement for all); throws for a field
 * no container of `kind` has.
 */
export function resolveColumns(probe: FieldProbe, specs: readonly ColumnSpec[], kind: string): TableColumn[] {
  const types = probe.firstTypes([...new Set(specs.map((s) => s.path))], kind)
  return specs.map((spec) => typed(probe, spec, types.get(spec.path), kind))
}

function typed(probe: FieldProbe, spec: ColumnSpec, found: FieldType | undefined, kind: string): TableColumn {
  const type = found ?? SYS_TYPES[spec.path]
  if (type === undefined) {
    const guess = didYouMean(spec.path, probe.allPaths())
    throw new NotFoundError('UNKNOWN_COLUMN', `no ${kindName(kind)} has a field '${spec.path}'`, {
      hint: guess
        ? `Did you mean '${guess}'?`
        : 'See the fields of a run with `nereid show RUN`, or leave columns out to get all of them.',
    })
  }
  if (
    spec.aggregate !== undefined &&
    type !== 'FloatSeries' &&
    !(type === 'StringSeries' && (spec.aggregate === 'last' || spec.aggregate === 'count'))
  ) {
    throw new InvalidOptionError(
      'INVALID_COLUMN',
      `column '${spec.name}': '${spec.path}' is a ${type}; :${spec.aggregate} applies to float series`,
      {
        hint:
          type === 'StringSeries'
            ? 'A string series has :last and :count.'
            : `Ask for '${spec.path}' itself.`,
      },
    )
  }
  return { ...spec, type }
}
