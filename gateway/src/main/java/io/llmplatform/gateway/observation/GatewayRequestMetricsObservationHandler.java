package io.llmplatform.gateway.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmplatform.gateway.observation.GatewayCatalogue.GatewayKeys;
import io.llmplatform.gateway.observation.GatewayCatalogue.GatewayRequestCounter;
import io.llmplatform.gateway.observation.GatewayCatalogue.GatewayRequestTimer;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import io.llmplatform.telemetry.web.HttpOutcome;
import io.llmplatform.gateway.admin.TeamTraffic;
import io.llmplatform.gateway.tracing.ObservedSpans;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Records {@code gateway.requests} and {@code gateway.request.duration} for every request
 * under {@code /api/**} when its SERVER observation stops: after the exception handlers, so
 * that 404, 405, 502 and 504 answers are counted with their final status.
 * <p>
 * The team comes from the SERVER span's {@code team} key ({@link TeamObservationWebFilter}),
 * or {@code unknown}. The span is put in scope while recording so that the histogram's
 * Prometheus exemplars carry its trace id.
 */
public class GatewayRequestMetricsObservationHandler implements ObservationHandler<ServerRequestObservationContext> {

	private static final String UNKNOWN = "UNKNOWN";

	private static final Logger logger = LoggerFactory.getLogger(GatewayRequestMetricsObservationHandler.class);

	private final MeterRegistry registry;

	private final @Nullable Tracer tracer;

	private final TeamTraffic traffic;

	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

	public GatewayRequestMetricsObservationHandler(MeterRegistry registry, @Nullable Tracer tracer,
			TeamTraffic traffic) {
		this.registry = registry;
		this.tracer = tracer;
		this.traffic = traffic;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		if (isApiRequest(context)) {
			context.put(GatewayRequestMetricsObservationHandler.class, Timer.start(this.registry));
		}
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		Timer.Sample sample = context.get(GatewayRequestMetricsObservationHandler.class);
		if (sample == null) {
			return;
		}
		String team = team(context);
		HttpStatusCode statusCode = (context.getResponse() != null) ? context.getResponse().getStatusCode() : null;
		String status = (statusCode != null) ? String.valueOf(statusCode.value()) : UNKNOWN;
		try (Tracer.SpanInScope scope = spanInScope(context)) {
			Meters meters = this.meters.computeIfAbsent(team + ' ' + status,
					(key) -> new Meters(team, status, HttpOutcome.of(statusCode)));
			meters.requests.increment();
			long nanos = sample.stop(meters.duration);
			this.traffic.record(team, (statusCode != null) ? statusCode.value() : 0, nanos / 1e9);
			// One access line per API request, inside the span so that it carries the trace id; the reactive
			// server has no per-request MDC, so the correlation id is put there for this line.
			KeyValue correlationId = context.getHighCardinalityKeyValue(CorrelationIdFilter.CORRELATION_ID);
			try (MDC.MDCCloseable mdc = (correlationId != null)
					? MDC.putCloseable(CorrelationIdFilter.CORRELATION_ID, correlationId.getValue()) : null) {
				logger.info("{} {} -> {} (team {})", context.getCarrier().getMethod(),
						context.getCarrier().getPath().value(), status, team);
			}
		}
	}

	/**
	 * The two meters of one team and status, registered once: building and registering them per request
	 * sorted their tags and looked them up in every registry each time. Teams are the configured ones and
	 * {@code unknown}, statuses at most a few dozen, so the map stays small.
	 */
	private final class Meters {

		private final Counter requests;

		private final Timer duration;

		Meters(String team, String status, String outcome) {
			this.requests = Counter.builder(GatewayRequestCounter.REQUESTS.getName())
				.description("Requests under /api/** by team, status and outcome")
				.tag(GatewayKeys.TEAM.asString(), team)
				.tag(GatewayKeys.STATUS.asString(), status)
				.tag(GatewayKeys.OUTCOME.asString(), outcome)
				.register(GatewayRequestMetricsObservationHandler.this.registry);
			this.duration = Timer.builder(GatewayRequestTimer.REQUEST_DURATION.getName())
				.description("Duration of requests under /api/** at the gateway")
				.tag(GatewayKeys.TEAM.asString(), team)
				.tag(GatewayKeys.STATUS.asString(), status)
				.register(GatewayRequestMetricsObservationHandler.this.registry);
		}

	}

	private static boolean isApiRequest(ServerRequestObservationContext context) {
		return context.getCarrier().getPath().pathWithinApplication().value().startsWith(TeamObservationWebFilter.API_PREFIX);
	}

	private static String team(ServerRequestObservationContext context) {
		KeyValue team = context.getHighCardinalityKeyValue(TeamObservationWebFilter.TEAM);
		return (team != null) ? team.getValue() : TeamObservationWebFilter.UNKNOWN_TEAM;
	}

	private Tracer.@Nullable SpanInScope spanInScope(ServerRequestObservationContext context) {
		if (this.tracer == null) {
			return null;
		}
		Span span = ObservedSpans.of(context);
		return (span != null) ? this.tracer.withSpan(span) : null;
	}

}
