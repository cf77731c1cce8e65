package io.llmplatform.simulator.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram with fixed upper bounds, lock-free on the recording side (many event-loop
 * threads record, one scrape reads).
 */
public final class Histogram {

	private final double[] upperBounds;

	private final LongAdder[] bucketCounts;

	private final LongAdder count = new LongAdder();

	private final DoubleAdder sum = new DoubleAdder();

	public Histogram(double... upperBounds) {
		this.upperBounds = upperBounds.clone();
		this.bucketCounts = new LongAdder[upperBounds.length];
		for (int i = 0; i < upperBounds.length; i++) {
			this.bucketCounts[i] = new LongAdder();
		}
	}

	public void observe(double value) {
		observe(value, 1);
	}

	/** Records {@code times} observations of the same value (a non-streamed answer's inter-token gaps). */
	public void observe(double value, long times) {
		if (times <= 0) {
			return;
		}
		for (int i = 0; i < upperBounds.length; i++) {
			if (value <= upperBounds[i]) {
				bucketCounts[i].add(times);
				break;
			}
		}
		count.add(times);
		sum.add(value * times);
	}

	double[] upperBounds() {
		return upperBounds;
	}

	/** Counts per bucket, not cumulative; what falls above the last bound is only in {@link #count()}. */
	long[] bucketCounts() {
		long[] counts = new long[bucketCounts.length];
		for (int i = 0; i < counts.length; i++) {
			counts[i] = bucketCounts[i].sum();
		}
		return counts;
	}

	public long count() {
		return count.sum();
	}

	public double sum() {
		return sum.sum();
	}

}
