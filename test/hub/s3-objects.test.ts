/**
 * Objects into an S3-compatible bucket (`--objects s3://BUCKET/PREFIX`), against an in-process fake S3
 * (s3rver) and a real PostgreSQL: a sync puts every referenced object by hash before its rows, a second
 * sync puts none again, the hub's read store serves the bytes (whole and by range) from the bucket, and
 * bad locations, missing credentials, a missing bucket and an endpoint that does not answer are typed errors.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { connectHub } from '../../src/hub/connect.js'
import { openPgStore } from '../../src/hub/pg-store.js'
import { s3Objects } from '../../src/hub/s3-objects.js'
import { syncOnce } from '../../src/hub/sync.js'
import type { Project } from '../../src/index.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempProject } from '../helpers/project.js'
import { startS3, type FakeS3 } from '../helpers/s3.js'

let pg: PgServer
let s3: FakeS3
const saved = { ...process.env }
beforeAll(async () => {
  pg = await startPostgres()
  s3 = await startS3('hub')
  Object.assign(process.env, s3.env)
})
afterAll(async () => {
  process.env = saved
  await s3?.stop()
  await pg?.stop()
})

async function withFiles(): Promise<{ project: Project; run: string }> {
  const project = tempProject({}, 'bucket')
  const run = project.startRun({ name: 'files' })
  await run.field('data/sample').upload(Buffer.from('sample bytes in a bucket'), { name: 'sample.txt' })
  for (let step = 0; step < 3; step++)
    await run.field('images/pred').append(Buffer.from(`png ${step}`), { step, name: `p${step}.png` })
  run.close()
  return { project, run: run.id }
}

test('a sync puts the objects into the bucket once; the hub serves them from it', async () => {
  const { project, run } = await withFiles()
  const url = await pg.database()
  const hub = await connectHub(url)
  const first = await syncOnce(project, hub, { objectsDir: 's3://hub/team/objects' })
  expect(first.objects).toBe(4)
  const puts = s3.puts()
  expect(puts).toBe(4)
  await syncOnce(project, hub, { objectsDir: 's3://hub/team/objects' })
  expect(s3.puts()).toBe(puts)
  await hub.close()

  const store = await openPgStore(url, { objectsDir: 's3://hub/team/objects' })
  try {
    const files = await (await store.project('bucket')).files(run, 'data/sample', { offset: 0, limit: 1 })
    const hash = (files as unknown as { file: { hash: string } }).file.hash
    expect(await s3Objects('s3://hub/team/objects').size(hash)).toBe(24)
    const object = await (await store.project('bucket')).object(hash)
    expect(object?.size).toBe(24)
    expect(await new Response(object!.open()).text()).toBe('sample bytes in a bucket')
    expect(await new Response(object!.open({ start: 7, end: 11 })).text()).toBe('bytes')
    expect(await (await store.project('bucket')).object('0'.repeat(64))).toBeUndefined()
  } finally {
    await store.close()
  }
})

test('bad locations, missing credentials, a missing bucket and a dead endpoint are typed errors', async () => {
  for (const spec of ['s3://', 's3://UPPER/x', 's3://a'])
    expect(() => s3Objects(spec)).toThrow(expect.objectContaining({ code: 'HUB_BAD_OBJECTS' }))
  expect(() => s3Objects('s3://hub/x', { ...s3.env, AWS_SECRET_ACCESS_KEY: '' })).toThrow(
    expect.objectContaining({ code: 'HUB_S3_NO_CREDENTIALS' }),
  )
  await expect(openPgStore(await pg.database(), { objectsDir: 's3://' })).rejects.toMatchObject({
    code: 'HUB_BAD_OBJECTS',
  })
  const { project } = await withFiles()
  const hub = await connectHub(await pg.database())
  try {
    await expect(syncOnce(project, hub, { objectsDir: 's3://no-such-bucket/x' })).rejects.toMatchObject({
      code: 'HUB_S3_FAILED',
      message: expect.stringMatching(/NoSuchBucket/),
    })
    const dead = s3Objects('s3://hub/x', { ...s3.env, NEREID_S3_ENDPOINT: 'http://127.0.0.1:1' })
    await expect(dead.size('a'.repeat(64))).rejects.toMatchObject({ code: 'HUB_S3_UNREACHABLE' })
    // nothing of the batch landed: its objects are put before its transaction
    const [row] = await hub.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM hub_fields`
    expect(row!.n).toBe(0)
  } finally {
    await hub.close()
  }
})
