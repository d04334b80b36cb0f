/**
 * The step rules of a run's series: a point's step defaults to the last step + 1; a step that does not
 * increase is dropped, counted and warned about once per field (or thrown with `strict`); a fork takes
 * no point at or before its fork step; a step that is no finite number is an error.
 *
 * @example
 * const policy = new StepPolicy(-Infinity, options)
 * policy.next('metrics/acc', state, undefined)   // state.lastStep + 1, or 0 for the first point
 * policy.next('metrics/acc', state, 3)           // undefined (dropped, warned) when 3 <= state.lastStep
 */
import { InvalidValueError, StepOrderError } from '../errors.js'
import type { ResolvedOptions } from '../options.js'
import type { FieldState } from './field-registry.js'

/** Step checks of one open run. */
export class StepPolicy {
  constructor(
    /** A fork's step: every series point must come after it. */
    readonly floorStep: number,
    private readonly options: Pick<ResolvedOptions, 'strict' | 'onWarning'>,
  ) {}

  /** The step for a new point, or undefined when the point is dropped for its step. */
  next(path: string, state: FieldState, step: number | undefined): number | undefined {
    if (step === undefined) return state.lastStep === -Infinity ? 0 : state.lastStep + 1
    if (step > state.lastStep && Number.isFinite(step)) return step
    if (typeof step !== 'number' || !Number.isFinite(step)) this.notFinite(path, step)
    this.drop(path, state, step, state.lastStep)
    return undefined
  }

  /**
   * Throws what `next` would throw for a point at `step` after `lastStep` (a step that is no finite number;
   * with `strict`, one not after a fork's step or not increasing), changing nothing and warning nothing:
   * without strict such a point is only dropped, and `next` warns about it.
   */
  check(path: string, lastStep: number, step: number): void {
    if (step > lastStep && Number.isFinite(step)) return
    if (typeof step !== 'number' || !Number.isFinite(step)) this.notFinite(path, step)
    if (this.options.strict) this.drop(path, { dropped: 0 } as FieldState, step, lastStep)
  }

  private notFinite(path: string, step: unknown): never {
    throw new InvalidValueError('INVALID_STEP', `step ${String(step)} of '${path}' is not a finite number`, {
      hint: 'Pass a finite number as the step, or leave it out to use the last step + 1.',
    })
  }

  /**
   * Counts a point dropped for its step; warns once per field. In the training loop (`inFlush` false)
   * a fork's floor and `strict` throw; at flush time, where another writer of the run got further
   * first, the point is only dropped, so one stale point cannot block every later flush.
   */
  drop(path: string, state: FieldState, step: number, lastStep: number, inFlush = false): void {
    const fork = step <= this.floorStep
    if (!inFlush && fork && this.options.strict) {
      throw new StepOrderError(
        'STEP_NOT_AFTER_FORK',
        `'${path}': step ${step} is not after the fork step ${this.floorStep}`,
        {
          hint: `This run is a fork: its points up to step ${this.floorStep} come from the parent; log from step ${this.floorStep + 1} on.`,
        },
      )
    }
    const message = fork
      ? `'${path}': step ${step} is not after the fork step ${this.floorStep} (its points up to there come from the parent); the point was dropped`
      : `'${path}': step ${step} is not greater than the last step ${lastStep}; the point was dropped`
    if (!inFlush && this.options.strict) {
      throw new StepOrderError('STEP_NOT_INCREASING', message, {
        hint: 'Steps must strictly increase within a series; log each point at a new step, or use another path for a second pass.',
      })
    }
    if (++state.dropped > 1) return // later drops of this field are only counted: run.dropped()
    this.options.onWarning({
      code: fork ? 'STEP_NOT_AFTER_FORK' : 'STEP_NOT_INCREASING',
      path,
      message: `${message} (further drops of this field are counted silently; see run.dropped(); pass strict: true to throw instead)`,
    })
  }

  /** Index of the first buffered point past `stored` (the last step another writer of this run wrote). */
  skipStale(
    path: string,
    state: FieldState,
    steps: ArrayLike<number>,
    length: number,
    stored: number,
  ): number {
    let start = 0
    while (start < length && !((steps[start] as number) > stored)) {
      this.drop(path, state, steps[start] as number, stored, true)
      start++
    }
    return start
  }
}
