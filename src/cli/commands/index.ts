/**
 * Every command of the CLI, in the order `nereid --help` lists them. A command is a file in this folder
 * exporting `register(program)`; add new ones (serve, export…) to this list.
 *
 * @example
 * for (const command of commands) command.register(program)
 */
import type { Command } from 'commander'
import * as exportParquet from './export-parquet.js'
import * as exportProject from './export.js'
import * as gc from './gc.js'
import * as importFrom from './import-from.js'
import * as importProject from './import.js'
import * as watchUltralytics from './watch-ultralytics.js'
import * as get from './get.js'
import * as ls from './ls.js'
import * as merge from './merge.js'
import * as ops from './ops.js'
import * as serve from './serve.js'
import * as show from './show.js'
import * as stats from './stats.js'
import * as sync from './sync.js'
import * as verify from './verify.js'
import * as watch from './watch.js'

/** A command module. */
export interface CommandModule {
  register(program: Command): void
}

/** The registered commands. */
export const commands: readonly CommandModule[] = [
  ls,
  show,
  get,
  stats,
  verify,
  gc,
  serve,
  exportProject,
  exportParquet,
  importProject,
  importFrom,
  watchUltralytics,
  merge,
  watch,
  ops,
  sync,
]
