package io.llmplatform.gateway.observation;

import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

import org.springframework.web.server.ServerWebExchange;

/**
 * The telemetry of one request under {@code /api/**} while it is handled: its SERVER span,
 * when it started, and what the gateway learns about it on the way (team, route, the
 * exchange's attributes, where the exception handlers leave the failure). Started and ended
 * by {@link ApiRequestTelemetryHandler}; the filters find it on the exchange.
 */
public final class ApiRequestTelemetry {

	static final String ATTRIBUTE = ApiRequestTelemetry.class.getName();

	private final Tracer tracer;

	private final Span span;

	private final long startNanos = System.nanoTime();

	private @Nullable Map<String, Object> exchangeAttributes;

	private String team = TeamObservationWebFilter.UNKNOWN_TEAM;

	private @Nullable String route;

	ApiRequestTelemetry(Tracer tracer, Span span) {
		this.tracer = tracer;
		this.span = span;
	}

	/**
	 * @param exchange a request's exchange
	 * @return the telemetry of the request, or {@code null} when it is not under {@code /api/**}
	 */
	public static @Nullable ApiRequestTelemetry of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	/**
	 * Runs the action with the request's SERVER span in scope, so that what it logs carries the
	 * request's trace id; without telemetry (a path outside {@code /api/**}) it just runs it.
	 * @param exchange the request's exchange
	 * @param action what to run
	 * @param <T> what it returns
	 * @return what the action returned
	 */
	public static <T> T inScope(ServerWebExchange exchange, Supplier<T> action) {
		ApiRequestTelemetry telemetry = of(exchange);
		if (telemetry == null) {
			return action.get();
		}
		try (Tracer.SpanInScope scope = telemetry.spanInScope()) {
			return action.get();
		}
	}

	/**
	 * {@link #inScope(ServerWebExchange, Supplier)} for an action that returns nothing.
	 * @param exchange the request's exchange
	 * @param action what to run
	 */
	public static void runInScope(ServerWebExchange exchange, Runnable action) {
		inScope(exchange, () -> {
			action.run();
			return null;
		});
	}

	/**
	 * @return the request's SERVER span
	 */
	public Span span() {
		return this.span;
	}

	void attach(ServerWebExchange exchange, String team, @Nullable String route) {
		this.exchangeAttributes = exchange.getAttributes();
		this.team = team;
		this.route = route;
		exchange.getAttributes().put(ATTRIBUTE, this);
	}

	long startNanos() {
		return this.startNanos;
	}

	String team() {
		return this.team;
	}

	@Nullable String route() {
		return this.route;
	}

	@Nullable Map<String, Object> attributes() {
		return this.exchangeAttributes;
	}

	@Nullable Object attribute(String name) {
		return (this.exchangeAttributes != null) ? this.exchangeAttributes.get(name) : null;
	}

	Tracer.SpanInScope spanInScope() {
		return this.tracer.withSpan(this.span);
	}

}
