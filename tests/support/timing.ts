import { performance } from 'node:perf_hooks';
import type { Backend } from '../../electron/backend/backend';

/** The p-th percentile (0-100) of some timings, by the nearest-rank method; the input is not changed. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

let raised = 0;

/** Times `count` residents' saves (`enquiries:raise`, durable) one after another, in milliseconds each. */
export async function timedRaises(backend: Backend, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    const result = await backend.dispatch(
      'enquiries:raise',
      { topicId: 'roads', location: 'Mill Lane', summary: `Pothole number ${raised++}`, contact: null, language: 'en-GB' },
      'bench',
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    times.push(performance.now() - start);
  }
  return times;
}
