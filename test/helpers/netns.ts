/**
 * Network namespaces for tests of what crosses a network: each "host" gets its own namespace (its own
 * loopback, no route to this machine's), joined to this machine by a veth pair: 10.231.<i>.1 on this
 * side, 10.231.<i>.2 inside. Needs root and iproute2's `ip`; `hostNamespaces` answers why not otherwise,
 * so a test can say it was not run.
 *
 * @example
 * const hosts = hostNamespaces(3)
 * if ('reason' in hosts) return console.warn(hosts.reason)
 * spawn('ip', ['netns', 'exec', hosts.list[0].name, process.execPath, 'child.js'])
 * hosts.remove()
 */
import { spawnSync } from 'node:child_process'

/** One host: its namespace's name and the addresses on both ends of its link. */
export interface NetnsHost {
  name: string
  /** This machine's end, where servers for the host listen. */
  outside: string
  /** The host's own address. */
  inside: string
}

function ip(args: string[]): string | undefined {
  const result = spawnSync('ip', args, { encoding: 'utf8' })
  if (result.error) return result.error.message
  return result.status === 0 ? undefined : (result.stderr || result.stdout).trim()
}

/** Makes `n` namespaces (remove() deletes them), or says why it cannot. */
export function hostNamespaces(n: number): { list: NetnsHost[]; remove(): void } | { reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'network namespaces need root' }
  const list: NetnsHost[] = []
  const remove = (): void => {
    for (const h of list) ip(['netns', 'del', h.name])
  }
  const tag = process.pid % 100_000
  for (let i = 1; i <= n; i++) {
    const host = { name: `nereid-${tag}-${i}`, outside: `10.231.${i}.1`, inside: `10.231.${i}.2` }
    const [out, inn] = [`nr${tag}o${i}`, `nr${tag}i${i}`]
    const steps = [
      ['netns', 'add', host.name],
      ['link', 'add', out, 'type', 'veth', 'peer', 'name', inn],
      ['link', 'set', inn, 'netns', host.name],
      ['addr', 'add', `${host.outside}/24`, 'dev', out],
      ['link', 'set', out, 'up'],
      ['-n', host.name, 'addr', 'add', `${host.inside}/24`, 'dev', inn],
      ['-n', host.name, 'link', 'set', inn, 'up'],
      ['-n', host.name, 'link', 'set', 'lo', 'up'],
    ]
    for (const step of steps) {
      const failed = ip(step)
      if (failed !== undefined) {
        remove()
        ip(['link', 'del', out])
        return { reason: `\`ip ${step.join(' ')}\` failed: ${failed}` }
      }
      if (step[0] === 'netns') list.push(host)
    }
  }
  return { list, remove }
}
