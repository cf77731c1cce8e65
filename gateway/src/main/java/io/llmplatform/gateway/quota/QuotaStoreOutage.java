package io.llmplatform.gateway.quota;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.llmplatform.gateway.observation.GatewayCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * A quota store's outage, told once. The call that finds the store failing begins the outage (its caller logs it at
 * WARN, with its request's trace); every failed call is counted in {@code gateway.quota.store.failures}; the first
 * call the store answers after that ends the outage with one line of how long it lasted. With Redis gone, a line per
 * failed call would be three per request (both buckets and the charge), thousands a second at load.
 */
final class QuotaStoreOutage {

	/** {@code check}: a bucket asked before the request is proxied. */
	static final String CHECK = "check";

	/** {@code charge}: the answer's tokens taken from the team's budget. */
	static final String CHARGE = "charge";

	private final Logger logger;

	private final MeterRegistry meterRegistry;

	private final AtomicReference<@Nullable Outage> current = new AtomicReference<>();

	QuotaStoreOutage(Logger logger, MeterRegistry meterRegistry) {
		this.logger = logger;
		this.meterRegistry = meterRegistry;
	}

	/**
	 * A call to the store failed or had no answer in time.
	 * @param team the team of the call
	 * @param operation {@link #CHECK} or {@link #CHARGE}
	 * @return whether this failure begins an outage, which the caller then logs at WARN
	 */
	boolean failed(String team, String operation) {
		failures(team, operation).increment();
		Outage outage = this.current.get();
		if (outage == null) {
			Outage begun = new Outage(System.nanoTime());
			if (this.current.compareAndSet(null, begun)) {
				begun.failedCalls.increment();
				return true;
			}
			outage = this.current.get();
		}
		if (outage != null) {
			outage.failedCalls.increment();
		}
		return false;
	}

	/** A call to the store was answered: an outage, if there was one, is over. */
	void answered() {
		Outage outage = this.current.get();
		if (outage != null && this.current.compareAndSet(outage, null)) {
			Duration lasted = Duration.ofNanos(System.nanoTime() - outage.beganNanos);
			this.logger.info("Quota store answers again after {} failed calls in {} ms; quotas are enforced again",
					outage.failedCalls.sum(), lasted.toMillis());
		}
	}

	private Counter failures(String team, String operation) {
		return QuotaGatewayFilterFactory.quotaCounter(this.meterRegistry,
				GatewayCatalogue.GatewayQuotaCounter.STORE_FAILURES, "Quota store calls that failed or timed out", team,
				operation);
	}

	private static final class Outage {

		private final long beganNanos;

		private final LongAdder failedCalls = new LongAdder();

		Outage(long beganNanos) {
			this.beganNanos = beganNanos;
		}

	}

}
