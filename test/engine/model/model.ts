/**
 * The in-memory model of the engine the property test runs against: per run, each field's type and
 * value (atoms, string sets, series points), and the rules that decide every call's outcome.
 */

/** A field of the model. */
export type ModelField =
  | { type: 'Float' | 'Integer' | 'String' | 'Boolean'; value: number | bigint | string | boolean }
  | { type: 'StringSet'; set: Set<string> }
  | { type: 'FloatSeries' | 'StringSeries'; points: [number, number | string][] }

/** A run of the model. */
export interface ModelRun {
  id: string
  customRunId?: string
  open: boolean
  fields: Map<string, ModelField>
  tags: Set<string>
  /** A fork's step: every series point must come after it (-Infinity for a run that is no fork). */
  floor: number
  /** Runs forked from this one (their reads go through it). */
  forked: boolean
  /** Paths a fork inherited from its parent. */
  inherited: Set<string>
  /**
   * Series this process's writer holds although nothing of them is stored: every point logged to them fell
   * at or before the fork step and was dropped. The writer keeps their type until the run is closed.
   */
  claimed?: Map<string, string>
}

export const INT64_MIN = -(2n ** 63n)
export const INT64_MAX = 2n ** 63n - 1n

const parents = (path: string): string[] => {
  const out: string[] = []
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i))
  return out
}

/** FIELD_TYPE_CONFLICT unless `path` is free for a new field (no field above it, no field below it). */
export function claimError(run: ModelRun, path: string, type: string): string | undefined {
  const types = new Map<string, string>(run.claimed)
  for (const [p, f] of run.fields) types.set(p, f.type)
  const existing = types.get(path)
  if (existing) return existing === type ? undefined : 'FIELD_TYPE_CONFLICT'
  if (parents(path).some((p) => types.has(p))) return 'FIELD_TYPE_CONFLICT'
  for (const key of types.keys()) if (key.startsWith(`${path}/`)) return 'FIELD_TYPE_CONFLICT'
  return undefined
}

/** The last step of a series of the model, -Infinity when it has no point. */
export function lastStep(field: ModelField | undefined): number {
  if (!field || !('points' in field) || field.points.length === 0) return -Infinity
  return field.points[field.points.length - 1]![0]
}

/**
 * The error a point at `step` gets from the step rules, if any: a step that is not a finite number. A point
 * at or before a fork's step is dropped with a STEP_NOT_AFTER_FORK warning (the model runs without
 * strict), like any step that does not increase: appendPoint drops it.
 */
export function stepError(step: number | undefined): string | undefined {
  if (step === undefined) return undefined
  return Number.isFinite(step) ? undefined : 'INVALID_STEP'
}

/** A fork of `parent` at `step`, as the model sees it: configs and tags copied, series up to the step. */
export function forkOf(parent: ModelRun, id: string, step: number): ModelRun {
  const fields = new Map<string, ModelField>()
  for (const [path, f] of parent.fields) {
    if (!('points' in f)) fields.set(path, 'set' in f ? { type: f.type, set: new Set(f.set) } : { ...f })
    else {
      const points = f.points.filter(([s]) => s <= step)
      if (points.length > 0) fields.set(path, { type: f.type, points })
    }
  }
  return {
    id,
    open: true,
    fields,
    tags: new Set(parent.tags),
    floor: step,
    forked: false,
    inherited: new Set(fields.keys()),
  }
}

/** FORK_STEP_PAST_END when the parent has series but no point at or after `step` (one without series forks at any step). */
export function forkError(parent: ModelRun, step: number): string | undefined {
  let last = -Infinity
  for (const f of parent.fields.values()) last = Math.max(last, lastStep(f))
  return last !== -Infinity && step > last ? 'FORK_STEP_PAST_END' : undefined
}

/** Appends a point by the step rules (default last + 1; a step not after the last is dropped). */
export function appendPoint(
  run: ModelRun,
  path: string,
  type: 'FloatSeries' | 'StringSeries',
  value: number | string,
  step: number | undefined,
): void {
  let field = run.fields.get(path)
  const last = Math.max(lastStep(field), run.floor)
  const s = step ?? (last === -Infinity ? 0 : last + 1)
  if (!field) {
    // a new series whose first point is dropped (at or before the fork step) is stored nowhere, but this
    // process's writer keeps its type
    if (s <= last) return void (run.claimed ??= new Map()).set(path, type)
    run.claimed?.delete(path)
    run.fields.set(path, (field = { type, points: [] }))
  }
  if (!('points' in field)) throw new Error(`model: ${path} is no series`)
  if (s > last) field.points.push([s, value])
}

/** The atom type a JS value infers, or an error code. */
export function inferAtom(value: unknown): { type: string } | { error: string } {
  if (typeof value === 'number') return { type: 'Float' }
  if (typeof value === 'bigint')
    return value < INT64_MIN || value > INT64_MAX ? { error: 'INTEGER_OUT_OF_RANGE' } : { type: 'Integer' }
  if (typeof value === 'boolean') return { type: 'Boolean' }
  if (typeof value === 'string') return { type: 'String' }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { type: 'StringSet' }
  return { error: 'INVALID_VALUE' }
}

/** The value cast to an existing atom type, or undefined when the cast would lose something. */
export function castTo(type: string, value: unknown): number | bigint | string | boolean | undefined {
  if (type === 'Float' && typeof value === 'number') return value
  if (type === 'Float' && typeof value === 'bigint' && BigInt(Number(value)) === value) return Number(value)
  if (type === 'Integer' && typeof value === 'bigint') return value
  if (type === 'Integer' && typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (type === 'Boolean' && typeof value === 'boolean') return value
  if (type === 'String' && typeof value === 'string') return value
  return undefined
}

/** Removes the field or namespace at `path` with everything under it. */
export function deleteUnder(run: ModelRun, path: string): void {
  for (const key of [...run.fields.keys()])
    if (key === path || key.startsWith(`${path}/`)) run.fields.delete(key)
  for (const key of [...(run.claimed?.keys() ?? [])])
    if (key === path || key.startsWith(`${path}/`)) run.claimed!.delete(key)
}
