/** `nereid sync` refuses what it cannot use, before touching any network: no hub given, a non-postgres URL. */
import { expect, test } from 'vitest'
import { cli } from '../cli/cli.js'
import { tempProject } from '../helpers/project.js'

test('no --to and no $NEREID_HUB: a usage error naming both', () => {
  const project = tempProject({}, 'lonely')
  project.startRun({ name: 'r' }).close()
  const result = cli(['sync', project.dir])
  expect(result.code).not.toBe(0)
  expect(result.stderr).toContain('--to')
  expect(result.stderr).toContain('NEREID_HUB')
})

test('a URL that is not postgres://: HUB_BAD_URL, the password hidden', () => {
  const project = tempProject({}, 'lonely')
  project.startRun({ name: 'r' }).close()
  const result = cli(['sync', project.dir, '--to', 'mysql://me:hunter2@db/x'])
  expect(result.code).not.toBe(0)
  expect(result.stderr).toContain('HUB_BAD_URL')
  expect(result.stderr).not.toContain('hunter2')
})
