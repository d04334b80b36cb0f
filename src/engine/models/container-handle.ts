/**
 * The field-container side shared by models and model versions: a writable container opened on first
 * use (and again after close), with field(), assign(), fetch() and close() like a run's.
 *
 * @example
 * class ModelVersion extends ContainerHandle { … }
 * version.field('validation/acc').assign(0.97)
 */
import type { NotFoundError } from '../errors.js'
import type { Field } from '../field.js'
import type { Run } from '../run.js'
import type { RunIdentity } from '../run-view.js'
import { openTracked, type ContainerHost, type OpenContainer } from './container-host.js'

/** A lazily opened field container. */
export abstract class ContainerHandle {
  #container: OpenContainer | undefined

  constructor(
    protected readonly host: ContainerHost,
    protected readonly identity: RunIdentity,
  ) {}

  /** The error for a handle whose container was deleted. */
  protected abstract deleted(): NotFoundError

  /** The open container (opened again after close). */
  protected openContainer(): OpenContainer {
    if (!this.#container || this.#container.writer.isClosed)
      this.#container = openTracked(this.host, this.identity, () => this.deleted())
    return this.#container
  }

  /** Flushes the container if it is open (before a read of its rows). */
  protected flushOpen(): void {
    this.#container?.run.flush()
  }

  protected open(): Run {
    return this.openContainer().run
  }

  /** A handle on one field. */
  field(path: string): Field {
    return this.open().field(path)
  }

  /** Assigns fields, as run.assign does. */
  assign(pathOrValues: string | Readonly<Record<string, unknown>>, value?: unknown): void {
    this.open().assign(pathOrValues, value)
  }

  /** The value at `path`, or the whole container as a nested object. */
  fetch(path = ''): ReturnType<Run['fetch']> {
    return this.open().fetch(path)
  }

  /** Writes buffered fields and releases the handle. */
  close(): void {
    this.#container?.run.close()
    this.#container = undefined
  }
}
