package io.llmplatform.team.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.exception.AcquirePermissionCancelledException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.llmplatform.team.ModelCallException;
import io.llmplatform.team.RequestDeadline;
import io.llmplatform.team.TeamResilienceProperties;
import io.llmplatform.team.TeamResilienceProperties.CallKind;
import io.llmplatform.genai.ErrorType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * The guards of each model, from resilience4j's registries: a bulkhead (refusing at once when
 * full), a retry (jittered exponential backoff, retryable errors only, within the request's
 * deadline) and a circuit breaker (counting only faults of the model's side), applied in that
 * order around each attempt. Every attempt's timeout is what is left of the request's deadline
 * less the response margin. Internal: not a stable API.
 */
public class ModelGuards {

	/** Name of the span event recorded for each retry. */
	public static final String RETRY_EVENT = "model.retry";

	static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");

	static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("retry.attempt");

	static final AttributeKey<Long> WAIT_MS = AttributeKey.longKey("retry.wait_ms");

	private final CircuitBreakerRegistry circuitBreakers;

	private final RetryRegistry retries;

	private final BulkheadRegistry bulkheads;

	private final TeamResilienceProperties properties;

	private final Map<String, Guards> guards = new ConcurrentHashMap<>();

	public ModelGuards(CircuitBreakerRegistry circuitBreakers, RetryRegistry retries, BulkheadRegistry bulkheads,
			TeamResilienceProperties properties) {
		this.circuitBreakers = circuitBreakers;
		this.retries = retries;
		this.bulkheads = bulkheads;
		this.properties = properties;
	}

	/**
	 * Calls a model under its guards.
	 * @param <T> the answer's type
	 * @param model the model (breaker, retry and bulkhead name)
	 * @param kind its call kind's settings
	 * @param call one attempt, given its timeout ({@code null}: no deadline, the client's own);
	 * failures must be {@link ModelCallException}s
	 * @return the answer
	 * @throws ModelCallException when the model did not answer, or was not called
	 */
	public <T> T call(String model, CallKind kind, Function<@Nullable Duration, T> call) {
		@Nullable RequestDeadline deadline = RequestDeadline.current().orElse(null);
		requireTimeLeft(model, deadline);
		Guards guards = guards(model, kind);
		AtomicReference<@Nullable ModelCallException> lastFailure = new AtomicReference<>();
		try {
			return guards.bulkhead.executeSupplier(guards.retry.decorateSupplier(() -> {
				@Nullable Duration timeout = requireTimeLeft(model, deadline);
				try {
					return guards.breaker.executeSupplier(() -> call.apply(timeout));
				}
				catch (CallNotPermittedException ex) {
					// A retry the breaker refuses (it opened meanwhile) reports what the model did.
					ModelCallException previous = lastFailure.get();
					throw (previous != null) ? previous : new ModelCallException(model, ErrorType.CIRCUIT_OPEN,
							"circuit breaker '" + model + "' is open", ex);
				}
				catch (ModelCallException ex) {
					lastFailure.set(ex);
					throw ex;
				}
			}));
		}
		catch (BulkheadFullException ex) {
			throw new ModelCallException(model, ErrorType.BULKHEAD_FULL,
					"bulkhead '" + model + "' is full (" + kind.getBulkhead().getMaxConcurrentCalls() + " calls)", ex);
		}
		catch (AcquirePermissionCancelledException ex) {
			// An interrupted thread (a shutdown, a cancelled task) gets no permit: the model was not called, which
			// callers learn as they learn every other refusal. The bulkhead has already restored the interrupt.
			throw new ModelCallException(model, ErrorType.BULKHEAD_FULL,
					"interrupted while waiting for bulkhead '" + model + "'", ex);
		}
	}

	/**
	 * Refuses at once, without spending a call, when the model's breaker is open.
	 * @param model the model
	 * @param kind its call kind's settings
	 * @throws ModelCallException {@code circuit_open}
	 */
	public void requireClosed(String model, CallKind kind) {
		CircuitBreaker.State state = guards(model, kind).breaker.getState();
		if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
			throw new ModelCallException(model, ErrorType.CIRCUIT_OPEN, "circuit breaker '" + model + "' is open",
					null);
		}
	}

	/**
	 * The breaker of a model, for tests and health.
	 * @param model the model
	 * @param kind its call kind's settings
	 * @return the breaker
	 */
	public CircuitBreaker circuitBreaker(String model, CallKind kind) {
		return guards(model, kind).breaker;
	}

	/** What is left for a call, or a {@code timeout} failure without calling when nothing is. */
	private @Nullable Duration requireTimeLeft(String model, @Nullable RequestDeadline deadline) {
		if (deadline == null) {
			return null;
		}
		Duration left = deadline.remaining().minus(this.properties.getResponseMargin());
		if (left.isNegative() || left.isZero()) {
			throw new ModelCallException(model, ErrorType.TIMEOUT,
					"no time left before the request's deadline to call " + model, null);
		}
		return left;
	}

	private Guards guards(String model, CallKind kind) {
		return this.guards.computeIfAbsent(model, (name) -> new Guards(
				this.bulkheads.bulkhead(name, bulkheadConfig(kind)),
				this.retries.retry(name, retryConfig(kind, this.properties.getResponseMargin())),
				this.circuitBreakers.circuitBreaker(name, circuitBreakerConfig(kind))));
	}

	/** The breaker of a call kind: only faults of the model's side count; rejected requests are ignored. */
	public static CircuitBreakerConfig circuitBreakerConfig(CallKind kind) {
		TeamResilienceProperties.CircuitBreaker settings = kind.getCircuitBreaker();
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.getSlidingWindowSize())
			.minimumNumberOfCalls(settings.getMinimumNumberOfCalls())
			.failureRateThreshold(settings.getFailureRateThreshold())
			.slowCallRateThreshold(settings.getSlowCallRateThreshold())
			.slowCallDurationThreshold(settings.getSlowCallDurationThreshold())
			.waitDurationInOpenState(settings.getWaitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.getPermittedNumberOfCallsInHalfOpenState())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.recordException(isServerFault())
			.ignoreException(isServerFault().negate())
			.build();
	}

	/** The retry of a call kind: retryable errors only, and only while the deadline leaves room. */
	public static RetryConfig retryConfig(CallKind kind, Duration responseMargin) {
		TeamResilienceProperties.Retry settings = kind.getRetry();
		Duration longestWait = longestWait(settings);
		Duration needed = longestWait.plus(settings.getMinAttemptTime()).plus(responseMargin);
		Predicate<Throwable> retryable = (ex) -> ex instanceof ModelCallException failure
				&& failure.type().isRetryable() && RequestDeadline.current()
					.map((deadline) -> deadline.remaining().compareTo(needed) > 0)
					.orElse(true);
		return RetryConfig.custom()
			.maxAttempts(Math.max(1, settings.getMaxAttempts()))
			.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.getInitialBackoff(),
					settings.getBackoffMultiplier(), settings.getJitter()))
			.retryOnException(retryable)
			.build();
	}

	/** The longest wait any retry of these settings can draw. */
	static Duration longestWait(TeamResilienceProperties.Retry settings) {
		double factor = Math.pow(settings.getBackoffMultiplier(), Math.max(0, settings.getMaxAttempts() - 2))
				* (1 + settings.getJitter());
		return Duration.ofMillis((long) Math.ceil(settings.getInitialBackoff().toMillis() * factor));
	}

	/** Bulkhead of a call kind: refuses at once when full. */
	public static BulkheadConfig bulkheadConfig(CallKind kind) {
		return BulkheadConfig.custom()
			.maxConcurrentCalls(kind.getBulkhead().getMaxConcurrentCalls())
			.maxWaitDuration(Duration.ZERO)
			.build();
	}

	/** Whether a failure is the model's side's: throttling, 5xx, timeouts, connection failures. */
	static Predicate<Throwable> isServerFault() {
		return (ex) -> ex instanceof ModelCallException failure && failure.type().isServerFault();
	}

	private record Guards(Bulkhead bulkhead, Retry retry, CircuitBreaker breaker) {

		Guards {
			// The retry is visible on the request's span: one event per retry, bounded by max-attempts.
			retry.getEventPublisher().onRetry((event) -> {
				Throwable last = event.getLastThrowable();
				String errorType = (last instanceof ModelCallException failure) ? failure.errorType()
						: ErrorType.INTERNAL.value();
				Span.current()
					.addEvent(RETRY_EVENT, Attributes.of(MODEL, event.getName(), ERROR_TYPE, errorType, ATTEMPT,
							(long) event.getNumberOfRetryAttempts(), WAIT_MS, event.getWaitInterval().toMillis()));
			});
		}

	}

}
