package io.llmplatform.gateway.observation;

import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import org.springframework.web.server.ServerWebExchange;

/**
 * The telemetry of one request under {@code /api/**} while it is handled: its SERVER span,
 * when it started, and what the gateway learns about it on the way (team, route, the
 * exchange's attributes, where the exception handlers leave the failure). Started and ended
 * by {@link ApiRequestTelemetryHandler}; the filters find it on the exchange.
 */
public final class ApiRequestTelemetry {

	static final String ATTRIBUTE = ApiRequestTelemetry.class.getName();

	/** The name of the never-started observation that carries the SERVER span (it is never recorded). */
	private static final String PARENT_OBSERVATION_NAME = "gateway.api.request";

	private final Tracer tracer;

	private final Span span;

	private final long startNanos = System.nanoTime();

	private @Nullable Map<String, Object> exchangeAttributes;

	private String team = TeamObservationWebFilter.UNKNOWN_TEAM;

	private @Nullable String route;

	/**
	 * The never-started observation that carries the span ({@link #withParentObservation}); unguarded, as a request's
	 * steps run one after another.
	 */
	private @Nullable Observation parentObservation;

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
	 * Makes the request's SERVER span the parent of what libraries observe on its behalf further down a Reactor
	 * chain: they look for the current {@link Observation} in the Reactor context
	 * ({@link ObservationThreadLocalAccessor#KEY}), as Lettuce does for its Redis commands. The gateway makes the
	 * SERVER span without an Observation ({@link ApiRequestTelemetryHandler}), so the one put there is never started:
	 * it only carries the span, where the tracing handler would have put it.
	 * @param context the Reactor context of a chain run for the request
	 * @param exchange the request's exchange
	 * @param registry the observation registry the libraries observe with
	 * @return the context with the request's span as the current observation's (unchanged outside {@code /api/**})
	 */
	public static Context withParentObservation(Context context, ServerWebExchange exchange,
			ObservationRegistry registry) {
		ApiRequestTelemetry telemetry = of(exchange);
		if (telemetry == null || registry.isNoop()) {
			return context;
		}
		return context.put(ObservationThreadLocalAccessor.KEY, telemetry.parentObservation(registry));
	}

	/** Made once per request, for the first chain that asks (the quota's check, then its charge, reuse it). */
	private Observation parentObservation(ObservationRegistry registry) {
		Observation carrier = this.parentObservation;
		if (carrier == null) {
			carrier = Observation.createNotStarted(PARENT_OBSERVATION_NAME, registry);
			TracingObservationHandler.TracingContext tracing = new TracingObservationHandler.TracingContext();
			tracing.setSpan(this.span);
			carrier.getContext().put(TracingObservationHandler.TracingContext.class, tracing);
			this.parentObservation = carrier;
		}
		return carrier;
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
