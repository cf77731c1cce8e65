package io.llmplatform.team;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a team service guards its model calls: the request's deadline and, per call kind
 * (SageMaker endpoints, the vLLM baseline), a resilience4j bulkhead, retry and circuit breaker
 * per model. The defaults are chosen for an LLM platform (see the README's resilience section):
 * breakers that open after a few failures of a small window and probe again after seconds, not
 * minutes. Configure model guards here, not as {@code resilience4j.circuitbreaker.instances.<model>}
 * entries: such an instance is created by resilience4j's own configuration and would lack the
 * classification of failures (a rejected request would then count as a failure).
 */
@ConfigurationProperties(TeamResilienceProperties.PREFIX)
public class TeamResilienceProperties {

	/** Prefix of the properties. */
	public static final String PREFIX = "platform.team.resilience";

	/**
	 * Deadline of a request that arrives without the gateway's X-Request-Deadline-Ms header
	 * (called directly); also the longest deadline the header may set.
	 */
	private Duration maxDeadline = Duration.ofSeconds(25);

	/**
	 * Kept back from the deadline to write the answer: every model call must end this long before
	 * the request's deadline, and no call starts with less than this left.
	 */
	private Duration responseMargin = Duration.ofMillis(200);

	/** Calls of SageMaker endpoints (the team's own, the judge). */
	private final CallKind sagemaker = new CallKind(Duration.ofSeconds(10), 32);

	/** Calls of the vLLM baseline. */
	private final CallKind baseline = new CallKind(Duration.ofSeconds(10), 16);

	public Duration getMaxDeadline() {
		return this.maxDeadline;
	}

	public void setMaxDeadline(Duration maxDeadline) {
		this.maxDeadline = maxDeadline;
	}

	public Duration getResponseMargin() {
		return this.responseMargin;
	}

	public void setResponseMargin(Duration responseMargin) {
		this.responseMargin = responseMargin;
	}

	public CallKind getSagemaker() {
		return this.sagemaker;
	}

	public CallKind getBaseline() {
		return this.baseline;
	}

	/** The guards of one kind of model call; each model gets its own instances. */
	public static class CallKind {

		private final CircuitBreaker circuitBreaker;

		private final Retry retry = new Retry();

		private final Bulkhead bulkhead;

		CallKind(Duration slowCallDurationThreshold, int maxConcurrentCalls) {
			this.circuitBreaker = new CircuitBreaker(slowCallDurationThreshold);
			this.bulkhead = new Bulkhead(maxConcurrentCalls);
		}

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public Bulkhead getBulkhead() {
			return this.bulkhead;
		}

	}

	/**
	 * A count-based breaker per model. Only faults of the model's side count (throttling, 5xx,
	 * timeouts, connection failures); a request the model rejects (invalid, over its context)
	 * counts neither as failure nor as success.
	 */
	public static class CircuitBreaker {

		/** Calls the failure and slow-call rates are computed over (the last N calls). */
		private int slidingWindowSize = 10;

		/** Calls needed in the window before the rates are computed at all. */
		private int minimumNumberOfCalls = 5;

		/** Percentage of failed calls from which the breaker opens. */
		private float failureRateThreshold = 50;

		/** Percentage of slow calls from which the breaker opens. */
		private float slowCallRateThreshold = 80;

		/** A call that takes longer than this is slow. */
		private Duration slowCallDurationThreshold;

		/** How long the breaker stays open before it lets trial calls through (half-open), on its own. */
		private Duration waitDurationInOpenState = Duration.ofSeconds(5);

		/**
		 * Trial calls let through in half-open, at once: sized for concurrent traffic, so that a
		 * recovered model is not refused to most of the requests arriving together.
		 */
		private int permittedNumberOfCallsInHalfOpenState = 10;

		CircuitBreaker(Duration slowCallDurationThreshold) {
			this.slowCallDurationThreshold = slowCallDurationThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public float getSlowCallRateThreshold() {
			return this.slowCallRateThreshold;
		}

		public void setSlowCallRateThreshold(float slowCallRateThreshold) {
			this.slowCallRateThreshold = slowCallRateThreshold;
		}

		public Duration getSlowCallDurationThreshold() {
			return this.slowCallDurationThreshold;
		}

		public void setSlowCallDurationThreshold(Duration slowCallDurationThreshold) {
			this.slowCallDurationThreshold = slowCallDurationThreshold;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public int getPermittedNumberOfCallsInHalfOpenState() {
			return this.permittedNumberOfCallsInHalfOpenState;
		}

		public void setPermittedNumberOfCallsInHalfOpenState(int permittedNumberOfCallsInHalfOpenState) {
			this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
		}

	}

	/**
	 * Retries of retryable failures (timeout, throttled, unavailable, connection, internal) with
	 * exponential backoff and jitter, only while the request's deadline leaves room for the wait
	 * and another attempt. Each retry is an event on the request's span.
	 */
	public static class Retry {

		/** Attempts per call, the first included; 1 turns retries off. */
		private int maxAttempts = 2;

		/** Wait before the first retry; doubled for each next one. */
		private Duration initialBackoff = Duration.ofMillis(100);

		/** Factor the wait grows by per retry. */
		private double backoffMultiplier = 2;

		/** Jitter: each wait is drawn from [wait x (1 - f), wait x (1 + f)]. */
		private double jitter = 0.5;

		/** Least time an attempt must have, beside the wait, for a retry to start. */
		private Duration minAttemptTime = Duration.ofMillis(500);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public double getBackoffMultiplier() {
			return this.backoffMultiplier;
		}

		public void setBackoffMultiplier(double backoffMultiplier) {
			this.backoffMultiplier = backoffMultiplier;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public Duration getMinAttemptTime() {
			return this.minAttemptTime;
		}

		public void setMinAttemptTime(Duration minAttemptTime) {
			this.minAttemptTime = minAttemptTime;
		}

	}

	/** A semaphore bulkhead per model: calls beyond the limit are refused at once ({@code bulkhead_full}). */
	public static class Bulkhead {

		/** Calls of one model in flight at once, from this instance. */
		private int maxConcurrentCalls;

		Bulkhead(int maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

		public int getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(int maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

	}

}
