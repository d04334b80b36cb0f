/**
 * The merging `nereid serve` does beside its read-only server (the server itself never writes): for a
 * project directory, its inbox/ is merged continuously as `nereid watch` does; for a workspace, the
 * inbox of every project that has one when serve starts. A project this process cannot open for writing
 * (a read-only mount, no permission) is served without merging, with a note. `--no-merge` turns it off.
 *
 * @example
 * const merges = await startServeMerges('/lustre/team/proj', (line) => note(line))
 * // … serve …
 * await merges.close()
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { INBOX_DIR, openProject, PROJECT_DB, type Project } from '../../index.js'
import { watchInbox, type InboxWatcher } from '../../ingest/index.js'
import { mergeLines } from './merge.js'

/** The merges a serve runs. */
export interface ServeMerges {
  /** Projects whose inbox is merged. */
  readonly projects: string[]
  close(): Promise<void>
}

function projectDirs(dir: string): string[] {
  if (existsSync(join(dir, PROJECT_DB))) return [dir]
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, PROJECT_DB)))
    .filter((e) => existsSync(join(dir, e.name, INBOX_DIR)))
    .map((e) => join(dir, e.name))
    .sort()
}

/** Starts merging the inboxes of the projects in `dir` (see the file's doc comment); the first merge has run when it resolves. */
export async function startServeMerges(
  dir: string,
  say: (line: string) => void,
  pollMs = 1000,
): Promise<ServeMerges> {
  const open: { project: Project; watcher: InboxWatcher }[] = []
  for (const projectDir of projectDirs(dir)) {
    let project: Project
    try {
      project = openProject(projectDir, { mode: 'db' })
    } catch (error) {
      say(`not merging ${projectDir}: ${error instanceof Error ? error.message : String(error)}`)
      continue
    }
    const watcher = watchInbox(project, {
      pollMs,
      onMerge: (report) => mergeLines(report).forEach((line) => say(`${project.name}: ${line}`)),
      onError: (error) =>
        say(`${project.name}: merge failed: ${error instanceof Error ? error.message : String(error)}`),
    })
    open.push({ project, watcher })
  }
  await Promise.all(open.map((o) => o.watcher.settle()))
  return {
    projects: open.map((o) => o.project.dir),
    close: async () => {
      for (const o of open) {
        await o.watcher.close().catch(() => {})
        o.project.close()
      }
    },
  }
}
