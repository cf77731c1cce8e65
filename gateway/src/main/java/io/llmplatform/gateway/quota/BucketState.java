package io.llmplatform.gateway.quota;

import java.time.Duration;

/**
 * The answer of a {@link QuotaStore}: whether the take was allowed, and what is left.
 *
 * @param allowed whether the bucket held what was required (and the cost was taken)
 * @param level what the bucket holds now; negative after a charge larger than its content
 * @param retryAfter when the bucket will hold what was required again; zero when allowed
 */
public record BucketState(boolean allowed, double level, Duration retryAfter) {

}
