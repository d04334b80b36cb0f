/**
 * Moving oplog files out of inbox/ once the merge is done with them: a fully merged file of an ended
 * writer to inbox/merged/, a file whose header cannot be merged to inbox/rejected/ (move it back after
 * upgrading Nereid). A rename within the project directory is atomic, on network file systems too, and
 * the merge keeps each writer's cursor, so a file moved back into inbox/ is not merged twice. Files in
 * inbox/merged/ older than a delay can be removed.
 *
 * @example
 * moveOut('/p', '/p/inbox/h-1-ab.oplog.jsonl', 'merged')   // true: now /p/inbox/merged/h-1-ab.oplog.jsonl
 * removeMergedOlderThan('/p', 7 * 86_400_000)              // 3 files removed
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { INBOX_DIR, OPLOG_SUFFIX } from '../format.js'

/** The folders of inbox/ that files are moved to. */
export type InboxShelf = 'merged' | 'rejected'

/** Moves `file` to inbox/<shelf>/; false when it was gone already (another merge moved it). */
export function moveOut(projectDir: string, file: string, shelf: InboxShelf): boolean {
  const to = join(projectDir, INBOX_DIR, shelf)
  mkdirSync(to, { recursive: true })
  try {
    renameSync(file, join(to, basename(file)))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

/** Removes the files of inbox/merged/ last written more than `ms` ago; returns how many. */
export function removeMergedOlderThan(projectDir: string, ms: number, now = Date.now()): number {
  const dir = join(projectDir, INBOX_DIR, 'merged')
  let names: string[]
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(OPLOG_SUFFIX))
  } catch {
    return 0
  }
  let removed = 0
  for (const name of names) {
    const file = join(dir, name)
    try {
      if (now - statSync(file).mtimeMs <= ms) continue
      rmSync(file)
      removed += 1
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  return removed
}
