package io.llmplatform.gateway.quota;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import reactor.core.publisher.Mono;

/**
 * Buckets in this process: right for one gateway replica.
 */
public class InMemoryQuotaStore implements QuotaStore {

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final LongSupplier nanoTime;

	public InMemoryQuotaStore() {
		this(System::nanoTime);
	}

	InMemoryQuotaStore(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	@Override
	public Mono<BucketState> take(String key, BucketLimit limit, double required, double cost) {
		return Mono.fromSupplier(() -> takeNow(key, limit, required, cost));
	}

	@Override
	public BucketState takeNow(String key, BucketLimit limit, double required, double cost) {
		return this.buckets.computeIfAbsent(key, (name) -> new Bucket(limit.capacity(), this.nanoTime.getAsLong()))
			.take(limit, required, cost, this.nanoTime.getAsLong());
	}

	private static final class Bucket {

		private double level;

		private long updatedNanos;

		Bucket(double level, long now) {
			this.level = level;
			this.updatedNanos = now;
		}

		synchronized BucketState take(BucketLimit limit, double required, double cost, long now) {
			double elapsedSeconds = Math.max(0, now - this.updatedNanos) / 1e9;
			this.level = Math.min(limit.capacity(), this.level + elapsedSeconds * limit.refillPerSecond());
			this.updatedNanos = now;
			if (this.level >= required) {
				this.level -= cost;
				return new BucketState(true, this.level, Duration.ZERO);
			}
			double missing = required - this.level;
			return new BucketState(false, this.level,
					Duration.ofMillis((long) Math.ceil(missing / limit.refillPerSecond() * 1000)));
		}

	}

}
