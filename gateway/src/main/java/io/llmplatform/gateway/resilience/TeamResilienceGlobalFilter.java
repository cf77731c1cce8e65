package io.llmplatform.gateway.resilience;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.llmplatform.gateway.problem.GatewayProblemType;
import io.llmplatform.gateway.routing.TeamRoutesConfiguration;
import io.llmplatform.genai.ErrorType;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Guards each team route: a bulkhead (refusing at once when full: 503 {@code upstream-busy}), a
 * circuit breaker (503 {@code upstream-circuit-open} while open), and the request's deadline:
 * the team is told in {@value #DEADLINE_HEADER} how many milliseconds are left (less the forward
 * margin), and at the deadline the gateway stops waiting and answers 504 {@code upstream-timeout}.
 * Requests of other routes pass untouched.
 */
public class TeamResilienceGlobalFilter implements GlobalFilter, Ordered {

	/** Request header with the milliseconds the team service has left to answer. */
	public static final String DEADLINE_HEADER = "X-Request-Deadline-Ms";

	/**
	 * Exchange attribute with the milliseconds the team is told it has (a {@code Long}), which
	 * {@link io.llmplatform.gateway.routing.TeamRequestHeadersFilter} sends as {@value #DEADLINE_HEADER}.
	 */
	public static final String FORWARD_DEADLINE_ATTRIBUTE = TeamResilienceGlobalFilter.class.getName() + ".forwardDeadline";

	/**
	 * After the filters that decide whether the request may go on at all (authentication, quotas:
	 * order them below this), before the routing filters.
	 */
	public static final int ORDER = 9000;

	private final GatewayResilienceProperties properties;

	private final CircuitBreakerRegistry circuitBreakers;

	private final Map<String, Semaphore> bulkheads = new ConcurrentHashMap<>();

	public TeamResilienceGlobalFilter(GatewayResilienceProperties properties) {
		this.properties = properties;
		this.circuitBreakers = CircuitBreakerRegistry.of(circuitBreakerConfig(properties.getCircuitBreaker()));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || !route.getId().startsWith(TeamRoutesConfiguration.TEAM_ROUTE_ID_PREFIX)) {
			return chain.filter(exchange);
		}
		String team = route.getId().substring(TeamRoutesConfiguration.TEAM_ROUTE_ID_PREFIX.length());
		long start = System.nanoTime();
		Duration deadline = this.properties.deadlineOf(team);
		Semaphore bulkhead = this.bulkheads.computeIfAbsent(team,
				(name) -> new Semaphore(this.properties.maxConcurrentRequestsOf(name)));
		if (!bulkhead.tryAcquire()) {
			return Mono.error(new TeamRequestRejectedException(GatewayProblemType.UPSTREAM_BUSY,
					ErrorType.BULKHEAD_FULL, "Team " + team + " has " + this.properties.maxConcurrentRequestsOf(team)
							+ " requests in flight already; try again shortly.",
					Duration.ofSeconds(1)));
		}
		CircuitBreaker breaker = circuitBreaker(team);
		if (!breaker.tryAcquirePermission()) {
			bulkhead.release();
			return Mono.error(new TeamRequestRejectedException(GatewayProblemType.UPSTREAM_CIRCUIT_OPEN,
					ErrorType.CIRCUIT_OPEN, "Team " + team + " failed repeatedly; requests are refused for a while.",
					this.properties.getCircuitBreaker().getWaitDurationInOpenState()));
		}
		long forwardMillis = Math.max(0,
				deadline.minus(this.properties.getForwardMargin()).minusNanos(System.nanoTime() - start).toMillis());
		exchange.getAttributes().put(FORWARD_DEADLINE_ATTRIBUTE, forwardMillis);
		AtomicBoolean recorded = new AtomicBoolean();
		return chain.filter(exchange)
			.timeout(deadline.minusNanos(System.nanoTime() - start),
					Mono.error(() -> new TeamRequestRejectedException(GatewayProblemType.UPSTREAM_TIMEOUT,
							ErrorType.TIMEOUT, "Team " + team + " did not answer within the request's deadline of "
									+ deadline.toMillis() + " ms.",
							Duration.ZERO)))
			.doOnSuccess((done) -> {
				if (recorded.compareAndSet(false, true)) {
					record(breaker, start, isTeamFailure(exchange.getResponse().getStatusCode()), null);
				}
			})
			.doOnError((ex) -> {
				if (recorded.compareAndSet(false, true)) {
					record(breaker, start, isTeamFailure(ex), ex);
				}
			})
			.doOnCancel(() -> {
				if (recorded.compareAndSet(false, true)) {
					breaker.releasePermission();
				}
			})
			.doFinally((signal) -> bulkhead.release());
	}

	/**
	 * The breakers of the team routes, one per team, created on a team's first request.
	 * @return the registry
	 */
	public CircuitBreakerRegistry circuitBreakers() {
		return this.circuitBreakers;
	}

	/**
	 * The breaker of a team route.
	 * @param team the team name
	 * @return its breaker
	 */
	public CircuitBreaker circuitBreaker(String team) {
		return this.circuitBreakers.circuitBreaker(team);
	}

	private static void record(CircuitBreaker breaker, long start, boolean failure, Throwable ex) {
		long nanos = System.nanoTime() - start;
		if (failure) {
			breaker.onError(nanos, TimeUnit.NANOSECONDS,
					(ex != null) ? ex : new IllegalStateException("team service answered 500"));
		}
		else {
			breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
		}
	}

	/** A team's own 500 says the service is broken; model problems (502, 503, 504) and 4xx do not. */
	static boolean isTeamFailure(HttpStatusCode status) {
		return status != null && status.value() == HttpStatus.INTERNAL_SERVER_ERROR.value();
	}

	/** Not reachable, broken off, or no answer in time. */
	static boolean isTeamFailure(Throwable ex) {
		if (ex instanceof TeamRequestRejectedException rejected) {
			return rejected.errorType() == ErrorType.TIMEOUT;
		}
		if (ex instanceof ResponseStatusException status && status.getStatusCode().value() == 504) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof PrematureCloseException || cause instanceof TimeoutException
					|| cause instanceof io.netty.channel.ConnectTimeoutException
					|| cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	static CircuitBreakerConfig circuitBreakerConfig(GatewayResilienceProperties.CircuitBreaker settings) {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.getSlidingWindowSize())
			.minimumNumberOfCalls(settings.getMinimumNumberOfCalls())
			.failureRateThreshold(settings.getFailureRateThreshold())
			.waitDurationInOpenState(settings.getWaitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.getPermittedNumberOfCallsInHalfOpenState())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build();
	}

}
