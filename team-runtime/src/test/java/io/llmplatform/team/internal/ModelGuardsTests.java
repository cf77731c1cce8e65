package io.llmplatform.team.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.llmplatform.team.ModelCallException;
import io.llmplatform.team.RequestDeadline;
import io.llmplatform.team.TeamResilienceProperties;
import io.llmplatform.genai.ErrorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The breaker, retry and bulkhead configuration derived from {@link TeamResilienceProperties},
 * and which failures each counts.
 */
class ModelGuardsTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(
				io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration.class,
				io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration.class,
				io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration.class,
				io.llmplatform.team.autoconfigure.TeamRuntimeAutoConfiguration.class));

	@Test
	void theDefaultsAreTunedForModelCallsNotTheLibrarysDefaults() {
		TeamResilienceProperties properties = new TeamResilienceProperties();
		CircuitBreakerConfig breaker = ModelGuards.circuitBreakerConfig(properties.getSagemaker());
		assertThat(breaker.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
		assertThat(breaker.getSlidingWindowSize()).isEqualTo(10);
		assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(5);
		assertThat(breaker.getFailureRateThreshold()).isEqualTo(50);
		assertThat(breaker.getSlowCallRateThreshold()).isEqualTo(80);
		assertThat(breaker.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(10));
		assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(5000L);
		assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(10);
		assertThat(breaker.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isTrue();
		RetryConfig retry = ModelGuards.retryConfig(properties.getBaseline(), properties.getResponseMargin());
		assertThat(retry.getMaxAttempts()).isEqualTo(2);
		BulkheadConfig bulkhead = ModelGuards.bulkheadConfig(properties.getBaseline());
		assertThat(bulkhead.getMaxConcurrentCalls()).isEqualTo(16);
		assertThat(bulkhead.getMaxWaitDuration()).isZero();
		assertThat(ModelGuards.bulkheadConfig(properties.getSagemaker()).getMaxConcurrentCalls()).isEqualTo(32);
	}

	@Test
	void propertiesBindPerCallKind() {
		this.contextRunner
			.withPropertyValues("platform.team.resilience.sagemaker.circuit-breaker.sliding-window-size=20",
					"platform.team.resilience.sagemaker.circuit-breaker.wait-duration-in-open-state=2s",
					"platform.team.resilience.baseline.retry.max-attempts=1",
					"platform.team.resilience.baseline.bulkhead.max-concurrent-calls=3",
					"platform.team.resilience.max-deadline=9s")
			.run((context) -> {
				assertThat(context).hasSingleBean(ModelGuards.class);
				TeamResilienceProperties properties = context.getBean(TeamResilienceProperties.class);
				assertThat(properties.getSagemaker().getCircuitBreaker().getSlidingWindowSize()).isEqualTo(20);
				assertThat(properties.getSagemaker().getCircuitBreaker().getWaitDurationInOpenState())
					.isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getBaseline().getCircuitBreaker().getSlidingWindowSize()).isEqualTo(10);
				assertThat(properties.getBaseline().getRetry().getMaxAttempts()).isEqualTo(1);
				assertThat(properties.getBaseline().getBulkhead().getMaxConcurrentCalls()).isEqualTo(3);
				assertThat(properties.getMaxDeadline()).isEqualTo(Duration.ofSeconds(9));
			});
	}

	@ParameterizedTest
	@EnumSource(ErrorType.class)
	void onlyServerFaultsCountAndCallerErrorsAreIgnored(ErrorType type) {
		CircuitBreakerConfig breaker = ModelGuards.circuitBreakerConfig(new TeamResilienceProperties().getSagemaker());
		ModelCallException failure = new ModelCallException("m", type, "x", null);
		boolean serverFault = type.isServerFault();
		assertThat(breaker.getRecordExceptionPredicate().test(failure)).isEqualTo(serverFault);
		assertThat(breaker.getIgnoreExceptionPredicate().test(failure)).isEqualTo(!serverFault);
	}

	@Test
	void theServerFaultsAreThrottlingFiveHundredsTimeoutsAndConnections() {
		assertThat(ErrorType.values()).filteredOn(ErrorType::isServerFault)
			.containsExactlyInAnyOrder(ErrorType.TIMEOUT, ErrorType.THROTTLED, ErrorType.UNAVAILABLE,
					ErrorType.CONNECTION, ErrorType.INTERNAL, ErrorType.MODEL_ERROR,
					ErrorType.JUDGE_REPLY_UNPARSEABLE);
		assertThat(ErrorType.values()).filteredOn(ErrorType::isCallerError)
			.containsExactlyInAnyOrder(ErrorType.INVALID_REQUEST, ErrorType.CONTEXT_LENGTH_EXCEEDED);
	}

	@Test
	void onlyRetryableErrorsAreRetriedAndOnlyWhileTheDeadlineLeavesRoom() {
		TeamResilienceProperties properties = new TeamResilienceProperties();
		RetryConfig retry = ModelGuards.retryConfig(properties.getSagemaker(), properties.getResponseMargin());
		ModelCallException throttled = new ModelCallException("m", ErrorType.THROTTLED, "x", null);
		ModelCallException modelError = new ModelCallException("m", ErrorType.MODEL_ERROR, "x", null);
		ModelCallException tooLong = new ModelCallException("m", ErrorType.CONTEXT_LENGTH_EXCEEDED, "x", null);
		assertThat(retry.getExceptionPredicate().test(throttled)).isTrue();
		assertThat(retry.getExceptionPredicate().test(modelError)).isFalse();
		assertThat(retry.getExceptionPredicate().test(tooLong)).isFalse();
		try (RequestDeadline.Scope scope = RequestDeadline.after(Duration.ofSeconds(5)).makeCurrent()) {
			assertThat(retry.getExceptionPredicate().test(throttled)).isTrue();
		}
		try (RequestDeadline.Scope scope = RequestDeadline.after(Duration.ofMillis(400)).makeCurrent()) {
			assertThat(retry.getExceptionPredicate().test(throttled)).as("no room for a wait and an attempt").isFalse();
		}
	}

	@Test
	void anInterruptedThreadGetsAModelCallExceptionWithoutCallingTheModel() {
		TeamResilienceProperties properties = new TeamResilienceProperties();
		ModelGuards guards = new ModelGuards(CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(),
				BulkheadRegistry.ofDefaults(), properties);
		AtomicInteger calls = new AtomicInteger();
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(ModelCallException.class)
				.isThrownBy(() -> guards.call("baseline-model", properties.getBaseline(), (timeout) -> calls.incrementAndGet()))
				.satisfies((ex) -> assertThat(ex.errorType()).isEqualTo(ErrorType.BULKHEAD_FULL.value()))
				.withMessageContaining("interrupted");
			assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(calls).hasValue(0);
	}

	@Test
	void theLongestWaitIsTheLastBackoffWithFullJitter() {
		TeamResilienceProperties.Retry retry = new TeamResilienceProperties().getSagemaker().getRetry();
		retry.setMaxAttempts(3);
		retry.setInitialBackoff(Duration.ofMillis(100));
		retry.setBackoffMultiplier(2);
		retry.setJitter(0.5);
		assertThat(ModelGuards.longestWait(retry)).isEqualTo(Duration.ofMillis(300));
	}

	@Test
	void theDeadlineHeaderIsCappedAndDefaultsToTheMaximum() {
		RequestDeadlineFilter filter = new RequestDeadlineFilter(Duration.ofSeconds(25));
		assertThat(filter.budget("1500")).isEqualTo(Duration.ofMillis(1500));
		assertThat(filter.budget("999999")).isEqualTo(Duration.ofSeconds(25));
		assertThat(filter.budget(null)).isEqualTo(Duration.ofSeconds(25));
		assertThat(filter.budget("soon")).isEqualTo(Duration.ofSeconds(25));
		assertThat(filter.budget("-5")).isZero();
	}

}
