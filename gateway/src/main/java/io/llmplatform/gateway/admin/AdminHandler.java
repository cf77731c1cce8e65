package io.llmplatform.gateway.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.gateway.PlatformGatewayProperties.Team;
import io.llmplatform.gateway.problem.GatewayProblemException;
import io.llmplatform.gateway.problem.GatewayProblemType;
import io.llmplatform.gateway.problem.UnknownTeamException;
import io.llmplatform.gateway.quota.BucketLimit;
import io.llmplatform.gateway.quota.QuotaGatewayFilterFactory;
import io.llmplatform.gateway.quota.QuotaStore;
import io.llmplatform.gateway.resilience.TeamResilienceGlobalFilter;
import io.llmplatform.gateway.tracing.ObservedSpans;
import io.micrometer.tracing.Span;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The admin API: {@code GET /admin/teams} (each team's traffic over the last minute, quota
 * limits and use, active controlled failures), {@code PUT} and {@code DELETE}
 * {@code /admin/teams/{team}/failures/{kind}} to start and stop a controlled failure. Model
 * failures are put in force through the model simulator's fault API, with the caller's admin
 * key (the same key opens both on the embedded defaults); quota exhaustion spends the team's
 * token budget in the quota store, so the 429s come from the real quota path. Every answer
 * names the trace of the request that produced it ({@code traceId}).
 */
public class AdminHandler {

	private static final Logger logger = LoggerFactory.getLogger(AdminHandler.class);

	private static final Duration SIMULATOR_TIMEOUT = Duration.ofSeconds(5);

	private final PlatformGatewayProperties properties;

	private final TeamTraffic traffic;

	private final QuotaStore quotas;

	private final WebClient webClient;

	private final TeamResilienceGlobalFilter resilience;

	private final Map<String, Map<String, Object>> active = new ConcurrentHashMap<>();

	public AdminHandler(PlatformGatewayProperties properties, TeamTraffic traffic, QuotaStore quotas,
			WebClient.Builder webClient, TeamResilienceGlobalFilter resilience) {
		this.properties = properties;
		this.traffic = traffic;
		this.quotas = quotas;
		this.webClient = webClient.build();
		this.resilience = resilience;
	}

	Mono<ServerResponse> teams(ServerRequest request) {
		return Flux.fromIterable(this.properties.getTeams().entrySet())
			.concatMap((entry) -> teamState(entry.getKey(), entry.getValue()))
			.collectList()
			.flatMap((teams) -> ok(request, Map.of("teams", teams)));
	}

	Mono<ServerResponse> startFailure(ServerRequest request) {
		// handle, not defer: it restores the request's observation, so the log line carries its trace id.
		return failure(request).flatMap((target) -> apply(target, request, true).then(Mono.just(target))
			.<Map<String, Object>>handle((started, sink) -> {
				Map<String, Object> state = new LinkedHashMap<>();
				state.put("team", started.team());
				state.put("kind", started.failure().slug());
				state.put("targets", targets(started.team()));
				state.put("startedAt", Instant.now().toString());
				state.put("traceId", traceId(request));
				this.active.put(key(started), state);
				logger.warn("Controlled failure {} started for team {}", started.failure().slug(), started.team());
				Map<String, Object> body = new LinkedHashMap<>(state);
				body.put("active", true);
				sink.next(body);
			})
			.flatMap((body) -> ok(request, body)));
	}

	Mono<ServerResponse> stopFailure(ServerRequest request) {
		return failure(request).flatMap((target) -> apply(target, request, false).then(Mono.just(target))
			.<Map<String, Object>>handle((stopped, sink) -> {
				this.active.remove(key(stopped));
				logger.warn("Controlled failure {} stopped for team {}", stopped.failure().slug(), stopped.team());
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("team", stopped.team());
				body.put("kind", stopped.failure().slug());
				body.put("active", false);
				body.put("traceId", traceId(request));
				sink.next(body);
			})
			.flatMap((body) -> ok(request, body)));
	}

	private Mono<Map<String, Object>> teamState(String team, Team config) {
		BucketLimit requests = QuotaGatewayFilterFactory.requestBucket(config.getQuota());
		BucketLimit tokens = QuotaGatewayFilterFactory.tokenBucket(config.getQuota());
		Mono<Double> requestsLeft = (requests != null)
				? this.quotas.level(QuotaGatewayFilterFactory.bucketKey(team, QuotaGatewayFilterFactory.REQUESTS), requests)
				: Mono.just(Double.NaN);
		Mono<Double> tokensLeft = (tokens != null)
				? this.quotas.level(QuotaGatewayFilterFactory.bucketKey(team, QuotaGatewayFilterFactory.TOKENS), tokens)
				: Mono.just(Double.NaN);
		return Mono.zip(requestsLeft, tokensLeft).map((levels) -> {
			TeamTraffic.Snapshot recent = this.traffic.snapshot(team);
			Map<String, Object> trafficBody = new LinkedHashMap<>();
			trafficBody.put("windowSeconds", TeamTraffic.WINDOW_SECONDS);
			trafficBody.put("requests", recent.requests());
			trafficBody.put("requestsPerSecond", recent.requestsPerSecond());
			trafficBody.put("errorRatio", recent.errorRatio());
			trafficBody.put("p95Seconds", recent.p95Seconds());
			Map<String, Object> quota = new LinkedHashMap<>();
			quota.put("requestsPerSecond", config.getQuota().getRequestsPerSecond());
			quota.put("burst", config.getQuota().getBurst());
			quota.put("requestsAvailable", finiteOrNull(levels.getT1()));
			quota.put("tokensPerMinute", config.getQuota().getTokensPerMinute());
			quota.put("tokensAvailable", finiteOrNull(levels.getT2()));
			Map<String, Object> state = new LinkedHashMap<>();
			state.put("team", team);
			state.put("traffic", trafficBody);
			state.put("quota", quota);
			state.put("circuitBreaker", breaker(team));
			state.put("failures", this.active.values().stream().filter((failure) -> team.equals(failure.get("team"))).toList());
			return state;
		});
	}

	/** The gateway → team breaker; a team without requests yet has none, which is a closed one. */
	private Map<String, Object> breaker(String team) {
		Map<String, Object> breaker = new LinkedHashMap<>();
		this.resilience.circuitBreakers().find(team).ifPresentOrElse((found) -> {
			breaker.put("state", found.getState().name());
			breaker.put("failureRate", Math.max(0, found.getMetrics().getFailureRate()));
			breaker.put("bufferedCalls", found.getMetrics().getNumberOfBufferedCalls());
		}, () -> {
			breaker.put("state", "CLOSED");
			breaker.put("failureRate", 0.0f);
			breaker.put("bufferedCalls", 0);
		});
		return breaker;
	}

	private Mono<Void> apply(FailureTarget target, ServerRequest request, boolean start) {
		if (target.failure() == ControlledFailure.QUOTA_EXHAUSTION) {
			return exhaustTokens(target.team(), start);
		}
		if (this.properties.getAdmin().getSimulatorUrl() == null) {
			return Mono.error(new GatewayProblemException(GatewayProblemType.UPSTREAM_UNAVAILABLE,
					"Model failures need platform.gateway.admin.simulator-url; none is configured."));
		}
		String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		return Flux.fromIterable(targets(target.team()))
			.concatMap((simulatorTarget) -> simulatorCall(simulatorTarget, authorization, start ? target.failure()
				.simulatorFault() : null))
			.then();
	}

	private Mono<Void> simulatorCall(String simulatorTarget, @Nullable String authorization, @Nullable String fault) {
		String uri = this.properties.getAdmin().getSimulatorUrl() + "/admin/faults/" + simulatorTarget;
		WebClient.RequestBodySpec call = this.webClient.method((fault != null) ? org.springframework.http.HttpMethod.PUT
				: org.springframework.http.HttpMethod.DELETE).uri(uri);
		if (authorization != null) {
			call.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		WebClient.RequestHeadersSpec<?> withBody = (fault != null)
				? call.contentType(MediaType.APPLICATION_JSON).bodyValue(fault) : call;
		return withBody.retrieve()
			.toBodilessEntity()
			.timeout(SIMULATOR_TIMEOUT)
			.onErrorMap((ex) -> !(ex instanceof GatewayProblemException), (ex) -> {
				logger.warn("Model simulator fault API failed for {}: {}", simulatorTarget, ex.toString());
				return new GatewayProblemException(GatewayProblemType.UPSTREAM_UNAVAILABLE,
						"The model simulator's fault API did not accept the change for " + simulatorTarget + ".");
			})
			.then();
	}

	private Mono<Void> exhaustTokens(String team, boolean exhaust) {
		BucketLimit tokens = QuotaGatewayFilterFactory.tokenBucket(this.properties.getTeams().get(team).getQuota());
		if (tokens == null) {
			return Mono.error(new GatewayProblemException(GatewayProblemType.NOT_FOUND,
					"Team " + team + " has no token budget to exhaust."));
		}
		String key = QuotaGatewayFilterFactory.bucketKey(team, QuotaGatewayFilterFactory.TOKENS);
		// Exhausted: a full minute's budget below zero. Restored: back to a full bucket.
		return this.quotas.level(key, tokens)
			.flatMap((level) -> this.quotas.take(key, tokens, Double.NEGATIVE_INFINITY,
					exhaust ? level + tokens.capacity() : level - tokens.capacity()))
			.then();
	}

	private Mono<FailureTarget> failure(ServerRequest request) {
		String team = request.pathVariable("team");
		if (!this.properties.isKnownTeam(team)) {
			return Mono.error(new UnknownTeamException());
		}
		return ControlledFailure.of(request.pathVariable("kind"))
			.map((failure) -> Mono.just(new FailureTarget(team, failure)))
			.orElseGet(() -> Mono.error(new GatewayProblemException(GatewayProblemType.NOT_FOUND,
					"No controlled failure of that name; known: model-timeout, model-error, quota-exhaustion.")));
	}

	private List<String> targets(String team) {
		List<String> configured = this.properties.getTeams().get(team).getFaultTargets();
		return configured.isEmpty() ? List.of(team + "-endpoint") : new ArrayList<>(configured);
	}

	private static String key(FailureTarget target) {
		return target.team() + "/" + target.failure().slug();
	}

	private static @Nullable Double finiteOrNull(double value) {
		return Double.isFinite(value) ? value : null;
	}

	private static @Nullable String traceId(ServerRequest request) {
		Span span = ObservedSpans.ofServerRequest(request.exchange());
		return (span != null) ? span.context().traceId() : null;
	}

	private static Mono<ServerResponse> ok(ServerRequest request, Object body) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private record FailureTarget(String team, ControlledFailure failure) {

	}

}
