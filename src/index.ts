/**
 * Nereid's public API. Everything a program imports from 'nereid' is listed here.
 *
 * @example
 * import { openProject } from 'nereid'
 * const run = openProject('.nereid/demo').startRun({ name: 'baseline' })
 */
export { openProject, Project, PROJECT_DB } from './engine/project.js'
export type { ProjectStats, ReadonlyProject, StartRunOptions } from './engine/project.js'
export { openWorkspace, Workspace, defaultWorkspaceDir } from './engine/workspace.js'
export type { ProjectSummary } from './engine/workspace.js'
export { Run } from './engine/run.js'
export type { LogValues } from './engine/run.js'
export { RunView } from './engine/run-view.js'
export type { Tree } from './engine/run-view.js'
export type { RunSummary } from './engine/run-store.js'
export { Field } from './engine/field.js'
export type { AppendOptions, ExtendOptions, FieldValue, ReadonlyField, StepRange, StringPoints } from './engine/field.js'
export type { SeriesPoints } from './engine/series-codec.js'
export type { FieldType, AtomType, SeriesType } from './engine/field-types.js'
export type { ProjectOptions } from './engine/options.js'
export type { NereidWarning, WarningHandler } from './engine/warnings.js'
export { FORMAT_VERSION } from './engine/migrate.js'
export {
  NereidError,
  FieldTypeError,
  InvalidPathError,
  InvalidValueError,
  StepOrderError,
  NotFoundError,
  ReadOnlyError,
  FormatVersionError,
  CorruptDataError,
  InvalidOptionError,
  BusyError,
} from './engine/errors.js'
