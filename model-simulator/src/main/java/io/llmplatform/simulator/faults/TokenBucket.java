package io.llmplatform.simulator.faults;

/** Admits at most {@code ratePerSecond} requests per second on average, with a burst of one second's worth. */
final class TokenBucket {

	private final double ratePerSecond;

	private final double capacity;

	private double tokens;

	private long lastRefillNanos;

	TokenBucket(double ratePerSecond) {
		this.ratePerSecond = ratePerSecond;
		this.capacity = Math.max(1.0, ratePerSecond);
		this.tokens = this.capacity;
		this.lastRefillNanos = System.nanoTime();
	}

	synchronized boolean tryAcquire() {
		long now = System.nanoTime();
		tokens = Math.min(capacity, tokens + (now - lastRefillNanos) / 1_000_000_000.0 * ratePerSecond);
		lastRefillNanos = now;
		if (tokens >= 1.0) {
			tokens -= 1.0;
			return true;
		}
		return false;
	}

}
