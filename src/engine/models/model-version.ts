/**
 * A model version (Neptune's ModelVersion): a field container for one trained artefact of a model, with
 * sys/stage in none | staging | production | archived, changed only by changeStage().
 *
 * @example
 * const version = model.createVersion()
 * version.field('validation/acc').assign(0.97)
 * version.changeStage('staging')
 */
import { encodeAtom } from '../fields/atom-codec.js'
import { InvalidValueError, NotFoundError } from '../errors.js'
import { getField } from '../fields/store.js'
import type { RunIdentity } from '../run-view.js'
import type { ContainerHost } from './container-host.js'
import { ContainerHandle } from './container-handle.js'

/** The stages of a model version. */
export const STAGES = ['none', 'staging', 'production', 'archived'] as const
/** A model version's stage. */
export type Stage = (typeof STAGES)[number]

/** A version of a model. */
export class ModelVersion extends ContainerHandle {
  /** Short id, like 'DEMO-M1-2'. */
  readonly id: string
  readonly uuid: string

  constructor(host: ContainerHost, identity: RunIdentity) {
    super(host, identity)
    this.id = identity.id
    this.uuid = identity.uuid
  }

  protected deleted(): NotFoundError {
    return new NotFoundError(
      'MODEL_VERSION_NOT_FOUND',
      `model version ${this.id} was deleted with its model`,
      { hint: 'List the versions that exist with model.versions().' },
    )
  }

  /** The current stage (sys/stage). */
  stage(): Stage {
    this.flushOpen()
    return (this.host.database.read((db) => getField(db, this.identity.rowId, 'sys/stage'))?.text ??
      'none') as Stage
  }

  /** Plain data for JSON.stringify: `{ id, uuid, stage }`. */
  toJSON(): { id: string; uuid: string; stage: Stage } {
    return { id: this.id, uuid: this.uuid, stage: this.stage() }
  }

  /** Moves the version to `stage`; the only way sys/stage changes. */
  changeStage(stage: Stage): void {
    if (!STAGES.includes(stage)) {
      throw new InvalidValueError('INVALID_STAGE', `unknown stage ${JSON.stringify(stage)}`, {
        hint: `Use one of ${STAGES.join(', ')}.`,
      })
    }
    const { run, writer } = this.openContainer()
    writer.assignAtom('sys/stage', 'String', encodeAtom('String', stage), true)
    run.flush()
  }
}
