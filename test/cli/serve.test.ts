/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON replies loosely and assert their shape */
/**
 * `nereid serve` over a real socket, as a child process of the built CLI: start and stop, a port in use,
 * the bind rule, tokens, and SSE delivery of a point logged by another process.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { runFixture, type Child } from '../helpers/child.js'
import { tempDir } from '../helpers/tmp.js'
import { demoWorkspace } from './cli.js'

const TOKEN = 'serve-test-token-0123456789'

async function start(args: string[]): Promise<{ child: Child; url: string }> {
  const child = runFixture('nereid-cli', ['serve', ...args])
  const line = await child.line('nereid serve: http')
  return { child, url: line.slice('nereid serve: '.length) }
}

async function stop(child: Child): Promise<{ code: number | null; stdout: string[] }> {
  child.process.kill('SIGTERM')
  const { code } = await child.ended
  return { code, stdout: child.stdout }
}

describe('nereid serve', () => {
  test('prints the URL, answers, and exits 0 on SIGTERM and on SIGINT', async () => {
    const { home } = demoWorkspace()
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const { child, url } = await start([home, '--port', '0'])
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
      const res = await fetch(`${url}api/projects`)
      expect(res.status).toBe(200)
      expect(((await res.json()) as any).items.map((p: any) => p.name)).toEqual(['demo'])
      // an open live stream does not hold the shutdown up
      const live = await fetch(`${url}api/projects/demo/live`)
      expect(live.status).toBe(200)
      child.process.kill(signal)
      const { code } = await child.ended
      expect(code).toBe(0)
      expect(child.stdout).toContain('nereid serve: stopped')
    }
  })

  test('a port in use is a clear error naming the port', async () => {
    const { home } = demoWorkspace()
    const { child, url } = await start([home, '--port', '0'])
    const port = new URL(url).port
    const second = runFixture('nereid-cli', ['serve', home, '--port', port])
    const { code } = await second.ended
    expect(code).toBe(1)
    expect(second.stderr()).toContain('PORT_IN_USE')
    expect(second.stderr()).toContain(`port ${port}`)
    expect(second.stderr()).toContain('--port')
    await stop(child)
  })

  test('a non-loopback host needs a token; with one, the API needs it too', async () => {
    const { home } = demoWorkspace()
    const refused = runFixture('nereid-cli', ['serve', home, '--host', '0.0.0.0', '--port', '0'])
    expect((await refused.ended).code).toBe(1)
    expect(refused.stderr()).toContain('INSECURE_BIND')

    const { child, url } = await start([home, '--host', '0.0.0.0', '--port', '0', '--token', TOKEN])
    expect(url).toContain(`?token=${TOKEN}`)
    const base = url.replace('0.0.0.0', '127.0.0.1').replace(/\?.*$/, '')
    expect((await fetch(`${base}api/projects`)).status).toBe(401)
    expect(
      (await fetch(`${base}api/projects`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200)
    const link = await fetch(`${base}?token=${TOKEN}`, { redirect: 'manual' })
    expect(link.status).toBe(302)
    const cookie = link.headers.get('set-cookie')!.split(';')[0]!
    expect((await fetch(`${base}api/session`, { headers: { Cookie: cookie } })).status).toBe(200)
    expect((await stop(child)).code).toBe(0)
  })

  test('a tokens file scopes each token to its projects', async () => {
    const { home } = demoWorkspace()
    const file = join(tempDir('tokens-'), 'tokens.json')
    writeFileSync(file, JSON.stringify({ [TOKEN]: ['elsewhere'] }))
    const { child, url } = await start([home, '--port', '0', '--tokens', file])
    const auth = { headers: { Authorization: `Bearer ${TOKEN}` } }
    expect(((await (await fetch(`${url}api/projects`, auth)).json()) as any).items).toEqual([])
    expect((await fetch(`${url}api/projects/demo/runs`, auth)).status).toBe(403)
    await stop(child)
    writeFileSync(file, '{ not json')
    const bad = runFixture('nereid-cli', ['serve', home, '--port', '0', '--tokens', file])
    expect((await bad.ended).code).toBe(1)
    expect(bad.stderr()).toContain('INVALID_TOKENS')
  })

  test('a point logged by another process reaches an SSE client, which then reads it with after=', async () => {
    const { home, dir } = demoWorkspace()
    const { child, url } = await start([home, '--port', '0'])
    const abort = new AbortController()
    const live = await fetch(`${url}api/projects/demo/live`, { signal: abort.signal })
    const reader = live.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    const firstEvent = async () => {
      while (!text.includes('event: ready')) text += decoder.decode((await reader.read()).value)
    }
    await firstEvent()
    const writer = runFixture('log-point', [dir, 'DEMO-1', 'metrics/acc', '7', '0.99'])
    await writer.line('logged')
    const changes = () =>
      text
        .split('\n\n')
        .filter((block) => block.includes('event: change'))
        .map((block) => ({
          id: /^id: (\d+)$/m.exec(block)?.[1],
          data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as { runs: { id: string; fields: string[] }[] },
        }))
    const announced = () =>
      changes().some((c) => c.data.runs.some((r) => r.id === 'DEMO-1' && r.fields.includes('metrics/acc')))
    while (!announced()) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value)
    }
    expect(announced()).toBe(true)
    expect(changes()[0]!.id).toBe('1')
    abort.abort()
    const after = (await (
      await fetch(`${url}api/projects/demo/runs/DEMO-1/series?path=metrics/acc&after=2`)
    ).json()) as any
    expect(after.points).toEqual({ steps: [7], values: [0.99], timestamps: [expect.any(Number)] })
    expect((await stop(child)).code).toBe(0)
  })
})
