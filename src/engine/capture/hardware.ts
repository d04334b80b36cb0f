/**
 * Hardware metrics sampled every 10 s into monitoring/<id>/: `cpu` (system CPU %, all cores), `rss`
 * (this process's resident memory, bytes), `memory` (system memory in use, bytes), `load` (1-minute load
 * average) and, where nvidia-smi answers, `gpu/<i>/utilization` (%) and `gpu/<i>/memory` (MiB). A machine
 * without nvidia-smi is skipped without a word.
 *
 * @example
 * const stop = sampleHardware((values) => run.log(values), 'monitoring/1a2b3c4d', 10_000)
 * stop()
 */
import { execFile } from 'node:child_process'
import { cpus, freemem, loadavg, totalmem } from 'node:os'

/** Receives one sample: values keyed by field path. */
export type SampleSink = (values: Record<string, number>) => void

function cpuTimes(): { idle: number; total: number } {
  let idle = 0
  let total = 0
  for (const cpu of cpus()) {
    const t = cpu.times
    idle += t.idle
    total += t.user + t.nice + t.sys + t.idle + t.irq
  }
  return { idle, total }
}

/** Asks nvidia-smi for utilisation and memory of each GPU; resolves [] when it is absent or fails. */
export function queryGpus(): Promise<{ utilization: number; memoryMiB: number }[]> {
  return new Promise((resolve) => {
    execFile(
      'nvidia-smi',
      ['--query-gpu=utilization.gpu,memory.used', '--format=csv,noheader,nounits'],
      { timeout: 5_000 },
      (error, stdout) => {
        if (error) return resolve([])
        const gpus = stdout
          .trim()
          .split('\n')
          .map((line) => line.split(',').map((cell) => Number(cell.trim())))
          .filter((cells) => cells.length === 2 && cells.every(Number.isFinite))
          .map(([utilization, memoryMiB]) => ({ utilization: utilization!, memoryMiB: memoryMiB! }))
        resolve(gpus)
      },
    )
  })
}

/** Samples now and every `intervalMs`; returns the function that stops sampling. */
export function sampleHardware(sink: SampleSink, namespace: string, intervalMs: number): () => void {
  let previous = cpuTimes()
  let gpuAbsent = false
  let stopped = false
  const sample = (): void => {
    const now = cpuTimes()
    const total = now.total - previous.total
    const busy = total > 0 ? (1 - (now.idle - previous.idle) / total) * 100 : 0
    previous = now
    sink({
      [`${namespace}/cpu`]: Math.max(0, Math.min(100, busy)),
      [`${namespace}/rss`]: process.memoryUsage.rss(),
      [`${namespace}/memory`]: totalmem() - freemem(),
      [`${namespace}/load`]: loadavg()[0] ?? 0,
    })
    if (gpuAbsent) return
    void queryGpus().then((gpus) => {
      if (gpus.length === 0) gpuAbsent = true
      if (stopped) return
      const values: Record<string, number> = {}
      gpus.forEach((gpu, i) => {
        values[`${namespace}/gpu/${i}/utilization`] = gpu.utilization
        values[`${namespace}/gpu/${i}/memory`] = gpu.memoryMiB
      })
      if (gpus.length > 0) sink(values)
    })
  }
  sample()
  const timer = setInterval(sample, intervalMs)
  timer.unref()
  return () => {
    stopped = true
    clearInterval(timer)
  }
}
