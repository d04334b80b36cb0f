/**
 * Nereid's public API. Everything a program imports from 'nereid' is listed here, in groups.
 *
 * @example
 * import { openProject } from 'nereid'
 * const run = openProject('.nereid/demo').startRun({ name: 'baseline' })
 */

// Projects and workspaces: open a project directory (read-write or read-only), list a workspace's projects.
export { openProject, Project, PROJECT_DB } from './engine/project.js'
export type { StartRunOptions } from './engine/project.js'
export { ReadonlyProject } from './engine/readonly-project.js'
export type { DiskUsage, ProjectStats, SyncRows } from './engine/readonly-project.js'
export type {
  FieldCursor,
  SyncChunk,
  SyncEvent,
  SyncField,
  SyncForkRead,
  SyncRegistry,
  SyncRun,
  SyncStringPoint,
} from './engine/query/sync-rows.js'
export { decodeChunks } from './engine/series/decode-chunks.js'
export { bucketPoints } from './engine/series/bucket-points.js'
// Series whose chunk rows live outside project.db (a hub): read through a lineage, bucketed like a local read.
export { bucketSegments, segmentPoints } from './engine/series/segment-reads.js'
export type { ChunkRow, ChunkSegment } from './engine/series/segment-reads.js'
export { decodeFieldCells } from './engine/fields/decode-cells.js'
export type { FieldCells } from './engine/fields/decode-cells.js'
export type { ImportRunOptions, ImportRunSys } from './engine/runs/import-run.js'
export type { Changes, FieldColumn, ObjectUse } from './engine/query/changes.js'
export { openWorkspace, Workspace, defaultWorkspaceDir } from './engine/workspace.js'
export type { ProjectSummary } from './engine/workspace.js'
export type { ProjectOptions } from './engine/options.js'
export type { NereidWarning, WarningHandler } from './engine/warnings.js'
export { FORMAT_VERSION } from './engine/driver/migrate.js'

// Runs: a writable Run, a read-only RunView, their summaries, lineage and events.
export { Run } from './engine/run.js'
export type { LogValues } from './engine/run.js'
export { RunView } from './engine/run-view.js'
export type { Tree } from './engine/run-view.js'
export type { RunSummary } from './engine/runs/store.js'
export { STALE_AFTER_MS } from './engine/runs/store.js'
export type { Lineage } from './engine/runs/lineage.js'
export { EventLog, WritableEventLog } from './engine/runs/events.js'
export type { RunEvent, EventFilter } from './engine/runs/events.js'
export type { CaptureOptions } from './engine/capture/capture-options.js'

// Fields: handles (Field writes, FieldView only reads), their values and series points.
export { Field } from './engine/field.js'
export { stringifyUnsupported } from './engine/fields/stringify-unsupported.js'
export type { AppendOptions, ExtendOptions } from './engine/field.js'
export { FieldView } from './engine/field-view.js'
export type { FieldValue, HistogramPoints, StepRange, StringPoints } from './engine/field-view.js'
export type { Histogram, HistogramInput } from './engine/fields/histogram.js'
export { decodeHistogram } from './engine/fields/histogram.js'
export type { FieldView as ReadonlyField } from './engine/field-view.js'
export type { SeriesPoints } from './engine/series/codec.js'
export type { SeriesBuckets } from './engine/series/buckets.js'
export type { BucketOptions } from './engine/field-view.js'
export type { FloatRead } from './engine/runs/series-reads.js'
export type { FieldType, AtomType, SeriesType, FileType } from './engine/fields/types.js'

// Files: file fields, file sets, file series, artifacts, checkpoints and the object store's reports.
export type {
  ArtifactManifest,
  ArtifactSummary,
  FileInfo,
  FileSeriesEntry,
  FileSetMember,
  KeepPolicy,
  TrackedFile,
} from './engine/files/entries.js'
export type { UploadOptions } from './engine/files/file.js'
// File fields held outside project.db (a hub): decoded as a local read decodes them.
export {
  CHECKPOINT_NAMESPACE,
  checkpointOf,
  decodeArtifactManifest,
  decodeFieldValue,
  decodeFileInfo,
  decodeFileSeriesEntry,
  decodeFileSetMembers,
} from './engine/files/stored-files.js'
export type { UploadFilesOptions } from './engine/files/file-set.js'
export type { FileAppendOptions } from './engine/files/file-series.js'
export type { TrackFilesOptions } from './engine/files/artifact.js'
export type { FileInput } from './engine/files/source.js'
export type { Checkpoint, CheckpointOptions } from './engine/files/checkpoints.js'
export type { GcOptions, GcReport, ObjectReference, VerifyReport } from './engine/objects/store.js'

// Models and experiments (MLTracker's and Neptune's model registry).
export { Models } from './engine/models/models.js'
export type { ModelInfo } from './engine/models/models.js'
export { Model } from './engine/models/model.js'
export { ModelVersion, STAGES } from './engine/models/model-version.js'
export type { Stage } from './engine/models/model-version.js'
export type { ModelMetric, ModuleRecord, Iteration } from './engine/models/records.js'
export { Experiment, Experiments } from './engine/models/experiments.js'
export type { ExperimentSummary, ModelSummary, VersionSummary } from './engine/models/listings.js'

// Query: the runs table over NQL (docs/query.md).
export type { RunsTable, RunsTableOptions, TableColumn } from './engine/query/runs-table.js'
// The same checks and value decoding for another store of runs (the PostgreSQL hub, src/hub/query): a
// request planned against a FieldProbe, resolved tests on stored types, cells decoded like a local read.
export { planRunsTable } from './engine/query/table-plan.js'
export type { RunsTablePlan } from './engine/query/table-plan.js'
export type { FieldProbe } from './engine/query/field-probe.js'
export type { Resolved } from './engine/query/infer-types.js'
export type { Branch, Operand } from './engine/query/nql-types.js'
export type { Aggregate, Expr, Operator } from './engine/query/nql-ast.js'
export { parseQuery } from './engine/query/nql-parser.js'
export type { ColumnAggregate, ColumnSpec } from './engine/query/columns.js'
export { ID_COLUMN } from './engine/query/columns.js'
export { decodeCell } from './engine/query/cells.js'
export { regexpMatches } from './engine/driver/sql-functions.js'

// Errors: one base class with a stable `code` and a `hint`, and a subclass per family.
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

// Oplog (docs/oplog.md): writing on network file systems without project.db, the format's constants and
// value codec, the per-writer cursors, and what project.merge() takes and reports.
export { OplogProject } from './engine/oplog/oplog-project.js'
export type { OplogStartRunOptions } from './engine/oplog/oplog-project.js'
export { OplogRun } from './engine/oplog/oplog-run.js'
export { OplogField } from './engine/oplog/oplog-field.js'
export {
  OPLOG_FORMAT,
  OPLOG_VERSION,
  INBOX_DIR,
  OPLOG_SUFFIX,
  decodeAtomValue,
  decodeFloat,
  encodeAtomValue,
  encodeFloat,
} from './engine/oplog/format.js'
export type { OplogHeader, OplogOp, OplogLine, OplogRunSys, JsonFloat } from './engine/oplog/format.js'
export type { OplogCursor, OplogCursors } from './engine/oplog/cursors.js'
export type { MergeOptions } from './engine/oplog/merge/recorded-merge.js'
export type { MergeReport, MergeSkip } from './engine/oplog/merge/report.js'
export type { ProjectMode } from './engine/options.js'

// Reading other trackers' SQLite files (importers only): read-only, typed errors for a non-SQLite file.
export { openForeignDatabase } from './engine/driver/foreign-db.js'
export type { ForeignDatabase } from './engine/driver/foreign-db.js'

// Sharing: snapshots and operations (recorded long work with progress and cancellation; export and import of projects).
export type { OperationStatus, OperationSummary } from './engine/operations/store.js'
export type { OperationContext, OperationOptions } from './engine/operations/run-operation.js'
export { OperationCancelledError } from './engine/operations/cancelled.js'
export type { ExportOptions, ExportReport } from './engine/sharing/export.js'
export { ArchiveError, ImportConflictError } from './engine/sharing/errors.js'
export type { ImportOptions, ImportReport } from './engine/sharing/import.js'
export type { ContainerMergeReport, OnConflict } from './engine/sharing/merge-containers.js'
