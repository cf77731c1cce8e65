package io.llmplatform.gateway.quota;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.llmplatform.gateway.PlatformGatewayProperties.TeamQuota;
import io.llmplatform.gateway.observation.ApiRequestTelemetry;
import io.llmplatform.gateway.observation.GatewayCatalogue;
import io.llmplatform.gateway.problem.GatewayProblemException;
import io.llmplatform.gateway.problem.GatewayProblemType;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * A team's quotas, checked before its request is proxied: a request rate with a burst, and a
 * token budget per minute charged after each successful answer from its {@code usage}
 * ({@code input_tokens} + {@code output_tokens}). Over either: 429 {@code quota-exceeded}
 * with {@code Retry-After}, the log line {@code exceeded quota} and
 * {@code gateway.quota.rejections{team,quota}}. In YAML: {@code Quota=quant}.
 */
public class QuotaGatewayFilterFactory extends AbstractGatewayFilterFactory<QuotaGatewayFilterFactory.Config> {

	/** Quota name of the request rate. */
	public static final String REQUESTS = "requests";

	/** Quota name of the token budget. */
	public static final String TOKENS = "tokens";

	/** After the key check ({@code -100}), before the body is read ({@code -80}). */
	public static final int ORDER = -90;

	private static final Logger logger = LoggerFactory.getLogger(QuotaGatewayFilterFactory.class);

	/** What the line that begins a quota store's outage adds. */
	private static final String UNTIL_THE_STORE_ANSWERS = "Until the store answers again, requests are admitted "
			+ "uncounted and its failures are counted in gateway.quota.store.failures, not logged";

	/** The state of a check that admits the request without a bucket: no quota, or a store that failed. */
	private static final BucketState ADMITTED = new BucketState(true, 0, Duration.ZERO);

	private final QuotaStore store;

	private final MeterRegistry meterRegistry;

	private final JsonMapper json;

	private final ObservationRegistry observationRegistry;

	private final Duration storeTimeout;

	/** What a shared store that has not answered in time amounts to: a failure, the request admitted. */
	private final Mono<BucketState> storeTimedOut;

	private final QuotaStoreOutage outage;

	public QuotaGatewayFilterFactory(QuotaStore store, MeterRegistry meterRegistry, JsonMapper json,
			ObservationRegistry observationRegistry, Duration storeTimeout) {
		super(Config.class);
		this.store = store;
		this.meterRegistry = meterRegistry;
		this.json = json;
		this.observationRegistry = observationRegistry;
		this.storeTimeout = storeTimeout;
		this.storeTimedOut = Mono.error(() -> new TimeoutException("no answer within " + storeTimeout.toMillis()
				+ " ms (platform.gateway.quota.store-timeout)"));
		this.outage = new QuotaStoreOutage(logger, meterRegistry);
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("team");
	}

	/**
	 * The request-rate bucket of a team quota.
	 * @param quota the team's quota
	 * @return its bucket, or {@code null} when the rate is not limited
	 */
	public static @Nullable BucketLimit requestBucket(TeamQuota quota) {
		return (quota.getRequestsPerSecond() > 0)
				? new BucketLimit(Math.max(1, quota.getBurst()), quota.getRequestsPerSecond()) : null;
	}

	/**
	 * The token-budget bucket of a team quota: a minute's budget, refilled evenly.
	 * @param quota the team's quota
	 * @return its bucket, or {@code null} when tokens are not limited
	 */
	public static @Nullable BucketLimit tokenBucket(TeamQuota quota) {
		return (quota.getTokensPerMinute() > 0)
				? new BucketLimit(quota.getTokensPerMinute(), quota.getTokensPerMinute() / 60.0) : null;
	}

	/**
	 * Name of a team's bucket in the store.
	 * @param team the team
	 * @param quota {@value #REQUESTS} or {@value #TOKENS}
	 * @return the key
	 */
	public static String bucketKey(String team, String quota) {
		return team + ":" + quota;
	}

	@Override
	public GatewayFilter apply(Config config) {
		String team = config.getTeam();
		TeamQuota quota = config.getQuota();
		BucketLimit requests = requestBucket(quota);
		BucketLimit tokens = tokenBucket(quota);
		// Worded once: they only appear in a rejection, but are handed to every check.
		String requestsLimit = (requests != null)
				? plain(quota.getRequestsPerSecond()) + " requests/s, burst " + plain(requests.capacity()) : null;
		String tokensLimit = quota.getTokensPerMinute() + " tokens/min";
		// Named once too: a string concatenation per request and bucket otherwise.
		String requestsKey = bucketKey(team, REQUESTS);
		String tokensKey = bucketKey(team, TOKENS);
		return new OrderedGatewayFilter(new GatewayFilter() {

			@Override
			public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
				BucketState requestsNow = (requests != null) ? takeNow(exchange, team, requestsKey, requests, 1, 1)
						: ADMITTED;
				if (requestsNow != null) {
					// A store in this process has answered: no reactive operators for the check.
					if (!requestsNow.allowed()) {
						return reject(exchange, team, REQUESTS, requestsLimit, requestsNow);
					}
					BucketState tokensNow = (tokens != null) ? takeNow(exchange, team, tokensKey, tokens, 1, 0)
							: ADMITTED;
					if (tokensNow != null) {
						return tokensNow.allowed() ? chain.filter(charged(exchange))
								: reject(exchange, team, TOKENS, tokensLimit, tokensNow);
					}
				}
				Mono<Void> admitted = Mono.empty();
				if (requests != null && requestsNow == null) {
					admitted = admitted.then(check(exchange, team, REQUESTS, requestsKey, requests, 1, 1, requestsLimit));
				}
				if (tokens != null) {
					admitted = admitted.then(check(exchange, team, TOKENS, tokensKey, tokens, 1, 0, tokensLimit));
				}
				return admitted.then(Mono.defer(() -> chain.filter(charged(exchange))));
			}

			/** With a token quota, the answer's {@code usage} is charged as it is written. */
			private ServerWebExchange charged(ServerWebExchange exchange) {
				return (tokens != null) ? exchange.mutate()
					.response(new ChargingResponse(exchange, team, tokensKey, tokens))
					.build() : exchange;
			}

			@Override
			public String toString() {
				return filterToStringCreator(QuotaGatewayFilterFactory.this).append("team", team)
					.append(REQUESTS, requests)
					.append(TOKENS, tokens)
					.toString();
			}

		}, ORDER);
	}

	private @Nullable BucketState takeNow(ServerWebExchange exchange, String team, String key, BucketLimit bucket,
			double required, double cost) {
		try {
			BucketState state = this.store.takeNow(key, bucket, required, cost);
			if (state != null) {
				this.outage.answered();
			}
			return state;
		}
		catch (RuntimeException ex) {
			return storeFailed(exchange, team, ex);
		}
	}

	private Mono<Void> check(ServerWebExchange exchange, String team, String quota, String key, BucketLimit bucket,
			double required, double cost, String limit) {
		return this.store.take(key, bucket, required, cost)
			.contextWrite((context) -> ApiRequestTelemetry.withParentObservation(context, exchange,
					this.observationRegistry))
			.timeout(this.storeTimeout, this.storeTimedOut)
			.doOnNext((state) -> this.outage.answered())
			.onErrorResume((ex) -> Mono.just(storeFailed(exchange, team, ex)))
			.flatMap((state) -> state.allowed() ? Mono.<Void>empty() : reject(exchange, team, quota, limit, state));
	}

	/** A quota store that cannot answer must not take the platform down with it: the request is let in. */
	private BucketState storeFailed(ServerWebExchange exchange, String team, Throwable ex) {
		storeCallFailed(exchange, team, QuotaStoreOutage.CHECK,
				"Quota store failed for team " + team + " (" + ex + "); request admitted");
		return ADMITTED;
	}

	/** The call that begins an outage is logged at WARN for its request; the others only counted (and at DEBUG). */
	private void storeCallFailed(ServerWebExchange exchange, String team, String operation, String line) {
		if (this.outage.failed(team, operation)) {
			logForRequest(exchange, () -> logger.warn("{}. {}", line, UNTIL_THE_STORE_ANSWERS));
		}
		else if (logger.isDebugEnabled()) {
			logForRequest(exchange, () -> logger.debug(line));
		}
	}

	/**
	 * Logs with the request's SERVER span in scope and its correlation id in the MDC: the reactive server has no
	 * per-request MDC, and the span gives the line its trace id.
	 */
	private static void logForRequest(ServerWebExchange exchange, Runnable log) {
		String correlationId = exchange.getAttribute(CorrelationIdFilter.CORRELATION_ID);
		ApiRequestTelemetry.runInScope(exchange, () -> {
			try (MDC.MDCCloseable mdc = (correlationId != null)
					? MDC.putCloseable(CorrelationIdFilter.CORRELATION_ID, correlationId) : null) {
				log.run();
			}
		});
	}

	private Mono<Void> reject(ServerWebExchange exchange, String team, String quota, String limit, BucketState state) {
		return Mono.error(() -> {
			long retryAfterSeconds = Math.max(1, (state.retryAfter().toMillis() + 999) / 1000);
			// The operators' Loki query is {...} |= "exceeded quota"; the correlation id ties the line to the 429.
			logForRequest(exchange, () -> logger.warn("exceeded quota: team {} is over its {} quota ({}); retry after {} s",
					team, quota, limit, retryAfterSeconds));
			rejections(team, quota).increment();
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
			return new GatewayProblemException(GatewayProblemType.QUOTA_EXCEEDED, "Team " + team
					+ " is over its " + quota + " quota (" + limit + "); retry after " + retryAfterSeconds + " s.",
					headers);
		});
	}

	private static String plain(double value) {
		return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	private Counter rejections(String team, String quota) {
		return quotaCounter(this.meterRegistry, GatewayCatalogue.GatewayQuotaCounter.REJECTIONS,
				"Requests rejected with 429 because the team is over a quota", team, quota);
	}

	/**
	 * One of the quota counters, labelled by team and by its second key (the quota, or the store's operation).
	 * @param registry where it is registered
	 * @param meter which counter
	 * @param description its description
	 * @param team the team label
	 * @param detail the second label's value
	 * @return the counter
	 */
	static Counter quotaCounter(MeterRegistry registry, GatewayCatalogue.GatewayQuotaCounter meter, String description,
			String team, String detail) {
		return Counter.builder(meter.getName())
			.description(description)
			.tag(GatewayCatalogue.GatewayKeys.TEAM.asString(), team)
			.tag(meter.getKeyNames()[1].asString(), detail)
			.register(registry);
	}

	/** Reads the team's {@code usage} from a successful answer and charges the tokens to its budget. */
	private final class ChargingResponse extends ServerHttpResponseDecorator {

		private final ServerWebExchange exchange;

		private final String team;

		private final String tokensKey;

		private final BucketLimit tokens;

		ChargingResponse(ServerWebExchange exchange, String team, String tokensKey, BucketLimit tokens) {
			super(exchange.getResponse());
			this.exchange = exchange;
			this.team = team;
			this.tokensKey = tokensKey;
			this.tokens = tokens;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			HttpStatusCode status = getStatusCode();
			if (status == null || !status.is2xxSuccessful()) {
				return super.writeWith(body);
			}
			return DataBufferUtils.join(Flux.from(body)).flatMap((joined) -> {
				long spent = tokensSpent(joined);
				Mono<Void> write = super.writeWith(Mono.just(joined));
				return (spent > 0) ? charged(spent, write) : write;
			});
		}

		private Mono<Void> charged(long spent, Mono<Void> write) {
			QuotaStore store = QuotaGatewayFilterFactory.this.store;
			try {
				if (store.takeNow(this.tokensKey, this.tokens, Double.NEGATIVE_INFINITY, spent) != null) {
					QuotaGatewayFilterFactory.this.outage.answered();
					return write;
				}
				QuotaStoreOutage outage = QuotaGatewayFilterFactory.this.outage;
				return store.take(this.tokensKey, this.tokens, Double.NEGATIVE_INFINITY, spent)
					.contextWrite((context) -> ApiRequestTelemetry.withParentObservation(context, this.exchange,
							QuotaGatewayFilterFactory.this.observationRegistry))
					.timeout(QuotaGatewayFilterFactory.this.storeTimeout, QuotaGatewayFilterFactory.this.storeTimedOut)
					.doOnNext((state) -> outage.answered())
					.then()
					.onErrorResume((ex) -> chargeFailed(spent, ex))
					.then(write);
			}
			catch (RuntimeException ex) {
				return chargeFailed(spent, ex).then(write);
			}
		}

		private Mono<Void> chargeFailed(long spent, Throwable ex) {
			storeCallFailed(this.exchange, this.team, QuotaStoreOutage.CHARGE,
					"Could not charge " + spent + " tokens to team " + this.team + ": " + ex);
			return Mono.empty();
		}

		private long tokensSpent(DataBuffer body) {
			byte[] bytes = new byte[body.readableByteCount()];
			int start = body.readPosition();
			body.read(bytes);
			// Reading advanced the buffer; the client still gets every byte.
			body.readPosition(start);
			return TokenUsage.spent(QuotaGatewayFilterFactory.this.json, bytes, 0, bytes.length);
		}

	}

	/** The team whose quota the route enforces, and that quota. */
	public static class Config {

		private String team = "";

		private TeamQuota quota = new TeamQuota();

		public String getTeam() {
			return this.team;
		}

		public Config setTeam(String team) {
			this.team = team;
			return this;
		}

		public TeamQuota getQuota() {
			return this.quota;
		}

		public Config setQuota(TeamQuota quota) {
			this.quota = quota;
			return this;
		}

	}

}
