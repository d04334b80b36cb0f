/**
 * The files of one run in an export, named and finished as the neptune-exporter does:
 * `<stem>_part_<n>.<ext>`, each written as `….tmp` and renamed when the run is complete, in reverse
 * order so that `part_0` appears last; its presence marks a finished run.
 *
 * @example
 * const parts = new PartFiles(dir, 'DEMO_1-02300346818d8079', 'parquet')
 * const tmp = parts.next()        // …/DEMO_1-…_part_0.parquet.tmp
 * parts.finish()                  // ['…_part_0.parquet']
 */
import { renameSync } from 'node:fs'
import { join } from 'node:path'

/** A run's part files: temporary names handed out in order, then renamed. */
export class PartFiles {
  private readonly names: string[] = []

  constructor(
    private readonly dir: string,
    private readonly stem: string,
    private readonly extension: string,
  ) {}

  /** The temporary path of the next part. */
  next(): string {
    const name = join(this.dir, `${this.stem}_part_${this.names.length}.${this.extension}`)
    this.names.push(name)
    return `${name}.tmp`
  }

  /** How many parts were handed out. */
  get count(): number {
    return this.names.length
  }

  /** Renames every part to its final name, the last part first and part_0 last; returns the final paths. */
  finish(): string[] {
    for (let i = this.names.length - 1; i >= 0; i--) renameSync(`${this.names[i]!}.tmp`, this.names[i]!)
    return [...this.names]
  }
}
