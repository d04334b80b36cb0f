/**
 * Nereid's public API. Everything a program imports from 'nereid' is listed here.
 *
 * @example
 * import { openProject } from 'nereid'
 * const run = openProject('.nereid/demo').startRun({ name: 'baseline' })
 */
export { openProject, Project, PROJECT_DB } from './engine/project.js'
export type { ProjectStats, ReadonlyProject, StartRunOptions } from './engine/project.js'
export type { Changes, FieldColumn, ObjectUse } from './engine/changes.js'
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
export type { FieldType, AtomType, SeriesType, FileType } from './engine/field-types.js'
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
export type { RunParts } from './engine/run.js'
export type { Lineage } from './engine/lineage.js'
export type { RunEvent, EventFilter } from './engine/events.js'
export { EventLog, WritableEventLog } from './engine/events.js'
export type { CaptureOptions } from './engine/capture/capture-options.js'
export { STALE_AFTER_MS } from './engine/run-store.js'
export { Models } from './engine/models/models.js'
export type { ModelInfo } from './engine/models/models.js'
export { Model } from './engine/models/model.js'
export { ModelVersion, STAGES } from './engine/models/model-version.js'
export type { Stage } from './engine/models/model-version.js'
export type { ModelMetric, ModuleRecord, Iteration } from './engine/models/records.js'
export { Experiment, Experiments } from './engine/models/experiments.js'
export type { RunsTable, RunsTableOptions } from './engine/query/runs-table.js'
export type { ArtifactManifest, ArtifactSummary, FileInfo, FileSeriesEntry, FileSetMember, KeepPolicy, TrackedFile } from './engine/files/entries.js'
export type { UploadOptions } from './engine/files/file.js'
export type { UploadFilesOptions } from './engine/files/file-set.js'
export type { FileAppendOptions } from './engine/files/file-series.js'
export type { TrackFilesOptions } from './engine/files/artifact.js'
export type { FileInput } from './engine/files/source.js'
export type { Checkpoint, CheckpointOptions } from './engine/files/checkpoints.js'
export type { GcOptions, GcReport, ObjectReference, VerifyReport } from './engine/objects/store.js'
export {
  FileInputError,
  FileNotFoundError,
  NotAFileError,
  FileUnreadableError,
  SymlinkLoopError,
  FileChangedError,
  ObjectStoreError,
  DiskFullError,
} from './engine/objects/errors.js'
export { QueryError, QuerySyntaxError } from './engine/query/errors.js'
export type { TableColumn } from './engine/query/runs-table.js'
export { csvCell, csvLine, csvText } from './engine/query/csv.js'
