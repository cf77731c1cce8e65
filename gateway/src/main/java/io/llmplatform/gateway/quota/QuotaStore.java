package io.llmplatform.gateway.quota;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where quota buckets live. One primitive serves every quota: take {@code cost} from the bucket
 * if it holds at least {@code required}, atomically, after refilling it for the time elapsed.
 * A request-rate check takes 1 of 1; a token-budget check requires 1 and takes nothing; a
 * token charge after the response requires nothing and takes the tokens spent (the level may
 * go negative: the next requests wait until it refills).
 */
public interface QuotaStore {

	/**
	 * Refills the bucket, then takes {@code cost} if it holds at least {@code required}.
	 * @param key the bucket, e.g. {@code quant:requests}
	 * @param limit its capacity and refill rate (a full bucket when first seen)
	 * @param required what it must hold for the take to be allowed
	 * @param cost what is taken when allowed
	 * @return the outcome and what is left
	 */
	Mono<BucketState> take(String key, BucketLimit limit, double required, double cost);

	/**
	 * The same take, answered at once by a store that keeps its buckets in this process: the
	 * quota check then costs no reactive operators per request.
	 * @param key the bucket, e.g. {@code quant:requests}
	 * @param limit its capacity and refill rate (a full bucket when first seen)
	 * @param required what it must hold for the take to be allowed
	 * @param cost what is taken when allowed
	 * @return the outcome and what is left, or {@code null} when the store can only answer
	 * through {@link #take} (nothing was taken then)
	 */
	default @Nullable BucketState takeNow(String key, BucketLimit limit, double required, double cost) {
		return null;
	}

	/**
	 * What the bucket holds now, refilled for the time elapsed, without taking anything.
	 * @param key the bucket
	 * @param limit its capacity and refill rate
	 * @return what it holds
	 */
	default Mono<Double> level(String key, BucketLimit limit) {
		return take(key, limit, Double.NEGATIVE_INFINITY, 0).map(BucketState::level);
	}

}
