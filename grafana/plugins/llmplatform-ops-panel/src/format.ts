/** Display helpers of the team table; `null` (no limit configured) shows as a dash. */

export function rate(perSecond: number): string {
  return `${perSecond.toFixed(2)} req/s`;
}

export function percent(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '–' : `${(ratio * 100).toFixed(1)} %`;
}

export function seconds(value: number | null): string {
  if (value === null || !Number.isFinite(value)) {
    return '–';
  }
  return value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(2)} s`;
}

/** Share of a bucket in use: 0 when full, 1 when empty, above 1 when it is in debt (an exhausted budget). */
export function used(available: number | null, capacity: number): number | null {
  if (available === null || !(capacity > 0)) {
    return null;
  }
  return Math.max(0, (capacity - available) / capacity);
}
