/** Medians and quantiles: on a noisy shared machine the benchmark reads nothing else. */

export interface Timing {
  readonly samples: number;
  readonly median: number;
  readonly p99: number;
  readonly min: number;
}

/** The value at quantile `q` of values sorted ascending. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** The value at quantile `q` of values in any order. */
export function percentile(values: readonly number[], q: number): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    q,
  );
}

/** One sort per sample set, for all of its figures. */
export function timing(values: readonly number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return {
    samples: sorted.length,
    median:
      sorted.length % 2
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2,
    p99: quantile(sorted, 0.99),
    min: sorted[0] as number,
  };
}
