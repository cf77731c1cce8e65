package io.llmplatform.gateway.quota;

/**
 * A token bucket's shape: it holds at most {@code capacity} and refills {@code refillPerSecond}.
 *
 * @param capacity the most the bucket holds (the burst)
 * @param refillPerSecond how much comes back each second (the sustained rate)
 */
public record BucketLimit(double capacity, double refillPerSecond) {

	public BucketLimit {
		if (capacity <= 0 || refillPerSecond <= 0) {
			throw new IllegalArgumentException("A bucket needs a positive capacity and refill rate");
		}
	}

}
