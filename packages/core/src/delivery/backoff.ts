export interface BackoffPolicy {
  readonly initialIntervalMillis: number;
  readonly maxIntervalMillis: number;
  readonly multiplier: number;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter"): spreading retries uniformly stops many clients that
 * failed together from retrying together. `attempt` counts from 0.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxIntervalMillis, policy.initialIntervalMillis * Math.pow(policy.multiplier, attempt));
  return random() * ceiling;
}
