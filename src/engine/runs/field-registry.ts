/**
 * What an open run's writer knows of its fields: each field's type and last step (so a conflicting write
 * is refused at the call, not at the flush), the namespaces that hold fields, and each field's buffers.
 * It is the one place that decides whether a path can take a type.
 *
 * @example
 * const fields = new FieldRegistry(-Infinity)
 * fields.claim('metrics/acc', 'FloatSeries')   // a new FieldState
 * fields.checkClaim('metrics', 'Float')        // throws FIELD_TYPE_CONFLICT: a namespace holds fields
 */
import { fieldTypeConflict, typeConflict } from '../fields/errors.js'
import { checkPath, parentsOf } from '../fields/paths.js'
import { isSeries, type FieldType } from '../fields/types.js'
import type { FloatBuffer, StringBuffer } from '../series/buffer.js'

/** What the writer knows of one field. */
export interface FieldState {
  type: FieldType
  /** Last step written or buffered; -Infinity for a series with no point. */
  lastStep: number
  /** Points dropped because their step was not increasing. */
  dropped: number
  /** Whether the writer's dirty list holds this field (points buffered since the last flush). */
  dirty: boolean
  floats?: FloatBuffer
  strings?: StringBuffer
}

/** The fields of one open run. */
export class FieldRegistry {
  private readonly states = new Map<string, FieldState>()
  /** FloatSeries states only: the training loop's lookups skip every other kind. */
  private readonly floats = new Map<string, FieldState>()
  private namespaces = new Set<string>()
  /** Bumped whenever a field is forgotten, so a cache of "these paths are known series" can tell it is stale. */
  generation = 0

  /** `floorStep`: a fork's step, below which no series of the run takes a point. */
  constructor(private readonly floorStep: number) {}

  /** The type of `path`, if it is a field (written or buffered). */
  typeOf(path: string): FieldType | undefined {
    return this.states.get(path)?.type
  }

  /** What is known of `path`, if it is a field. */
  state(path: string): FieldState | undefined {
    return this.states.get(path)
  }

  /** True if `path` is a namespace holding fields. */
  isNamespace(path: string): boolean {
    return this.namespaces.has(path)
  }

  /** Points dropped so far per field, for fields that dropped any. */
  dropped(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [path, state] of this.states) if (state.dropped > 0) out[path] = state.dropped
    return out
  }

  /** Records a field that exists (in project.db or buffered) with its type and last step. */
  register(path: string, type: FieldType, lastStep: number): FieldState {
    const state: FieldState = {
      type,
      lastStep: isSeries(type) ? Math.max(lastStep, this.floorStep) : lastStep,
      dropped: 0,
      dirty: false,
    }
    this.states.set(path, state)
    if (type === 'FloatSeries') this.floats.set(path, state)
    for (const parent of parentsOf(path)) this.namespaces.add(parent)
    return state
  }

  /**
   * Throws unless `path` can hold a `type`: it is new and no ancestor is a field and it is no namespace,
   * or it already has that type. `internal` lets Nereid write sys/.
   */
  checkClaim(path: string, type: FieldType, internal = false): void {
    checkPath(path, internal ? 'read' : 'write')
    const existing = this.states.get(path)
    if (existing) {
      if (existing.type === type) return
      throw typeConflict(path, existing.type, `a ${type}`)
    }
    for (const parent of parentsOf(path)) {
      const atParent = this.states.get(parent)
      if (atParent) {
        throw fieldTypeConflict(
          `'${parent}' is a ${atParent.type} field, so '${path}' cannot be created under it`,
          `Fields cannot hold children; use a sibling path such as '${parent}_${path.slice(parent.length + 1).replaceAll('/', '_')}'.`,
        )
      }
    }
    if (this.namespaces.has(path)) {
      throw fieldTypeConflict(
        `'${path}' is a namespace holding other fields; cannot write a ${type} there`,
        `Write to a field inside it, such as '${path}/value', or delete the namespace first.`,
      )
    }
  }

  /** The state of `path` once it is checked to take `type` (registered on first use). */
  claim(path: string, type: FieldType, internal = false): FieldState {
    this.checkClaim(path, type, internal)
    return this.states.get(path) ?? this.register(path, type, -Infinity)
  }

  /** The state of the float series `path`: one map lookup on the training loop's path. */
  float(path: string): FieldState {
    return this.floats.get(path) ?? this.claim(path, 'FloatSeries')
  }

  /** Forgets `path` (another writer of the run created it with another type). */
  forget(path: string): void {
    this.generation++
    this.states.delete(path)
    this.floats.delete(path)
  }

  /** Forgets the field or namespace `path` and everything below it (after a delete). */
  forgetUnder(path: string): void {
    for (const key of [...this.states.keys()])
      if (key === path || key.startsWith(`${path}/`)) this.forget(key)
    this.namespaces = new Set([...this.states.keys()].flatMap(parentsOf))
  }
}
