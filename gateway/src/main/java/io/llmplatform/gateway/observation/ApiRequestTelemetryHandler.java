package io.llmplatform.gateway.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.llmplatform.gateway.admin.TeamTraffic;
import io.llmplatform.gateway.observation.GatewayCatalogue.ApiRequestSpanKeys;
import io.llmplatform.gateway.observation.GatewayCatalogue.GatewayKeys;
import io.llmplatform.gateway.observation.GatewayCatalogue.GatewayRequestCounter;
import io.llmplatform.gateway.observation.GatewayCatalogue.GatewayRequestTimer;
import io.llmplatform.gateway.tracing.CallerLinkingReceiverTracingObservationHandler;
import io.llmplatform.telemetry.catalogue.StarterCatalogue.HttpServerKeys;
import io.llmplatform.telemetry.catalogue.StarterCatalogue.HttpServerMeters;
import io.llmplatform.telemetry.tracing.SpanAttributeTypes;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import io.llmplatform.telemetry.web.HttpErrorType;
import io.llmplatform.telemetry.web.HttpOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.SignalType;
import reactor.util.context.Context;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.handler.ExceptionHandlingWebHandler;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The SERVER span and the request metrics of every request under {@code /api/**}, in place
 * of Spring WebFlux's server observation, which the gateway switches off for these paths
 * ({@link GatewayObservationConfiguration}): the same span, {@code http.server.request.duration}
 * series, {@code gateway.requests} and {@code gateway.request.duration} series and access line,
 * at a fraction of the cost per request, because no observation context is built, no key
 * values are sorted, no handler is looked up and every meter is found once per label set.
 * <p>
 * It wraps the whole web handler, as the observation did: the span starts before the first
 * filter and ends when the answer has been written, after the exception handlers, so that
 * 404, 405, 502 and 504 answers are recorded with their final status. The filters reach the
 * request's {@link ApiRequestTelemetry} from the exchange ({@link TeamObservationWebFilter}
 * puts it there from the Reactor context). Everything is recorded with the span in scope,
 * so that the histograms' exemplars and the access line carry its trace id.
 */
public class ApiRequestTelemetryHandler implements Function<HttpHandler, HttpHandler> {

	private static final String UNKNOWN = "UNKNOWN";

	private static final String NONE = "none";

	/**
	 * The label Spring Boot's meter handler adds to every observation's timer (the exception's simple name, or
	 * {@code none}): the other paths' series of {@code http.server.request.duration} have it, and Prometheus
	 * wants one label set per metric name.
	 */
	private static final String METER_ERROR = "error";

	private static final Logger accessLog = LoggerFactory.getLogger(ApiRequestTelemetryHandler.class);

	private final Tracer tracer;

	private final Propagator propagator;

	private final MeterRegistry registry;

	private final TeamTraffic traffic;

	private final Map<ServerLabels, Timer> serverTimers = new ConcurrentHashMap<>();

	private final Map<TeamLabels, TeamMeters> teamMeters = new ConcurrentHashMap<>();

	public ApiRequestTelemetryHandler(Tracer tracer, Propagator propagator, MeterRegistry registry,
			TeamTraffic traffic) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.registry = registry;
		this.traffic = traffic;
	}

	/**
	 * @param request a request
	 * @return whether the gateway records its telemetry itself (a path under {@code /api/})
	 */
	public static boolean isApiRequest(ServerHttpRequest request) {
		return request.getPath().pathWithinApplication().value().startsWith(TeamObservationWebFilter.API_PREFIX);
	}

	@Override
	public HttpHandler apply(HttpHandler handler) {
		return (request, response) -> {
			if (!isApiRequest(request)) {
				return handler.handle(request, response);
			}
			ApiRequestTelemetry telemetry = start(request);
			return handler.handle(request, response)
				.doFinally((signal) -> end(telemetry, request, response, signal == SignalType.CANCEL))
				.contextWrite(Context.of(ApiRequestTelemetry.class, telemetry));
		};
	}

	private ApiRequestTelemetry start(ServerHttpRequest request) {
		// The caller's context (trusted callers only: InboundTraceContextDecorator has removed it otherwise).
		Span.Builder builder = this.propagator.extract(request, (carrier, key) -> carrier.getHeaders().getFirst(key));
		Link callerLink = CallerLinkingReceiverTracingObservationHandler.callerLink(request, this.tracer);
		if (callerLink != null) {
			builder.addLink(callerLink);
		}
		String method = request.getMethod().name();
		Span span = builder.kind(Span.Kind.SERVER)
			.name(method)
			.tag(HttpServerKeys.METHOD.asString(), method)
			.tag(HttpServerKeys.SCHEME.asString(), scheme(request))
			.tag(ApiRequestSpanKeys.URL_PATH.asString(), request.getPath().value())
			.start();
		return new ApiRequestTelemetry(this.tracer, span);
	}

	private void end(ApiRequestTelemetry telemetry, ServerHttpRequest request, ServerHttpResponse response,
			boolean cancelled) {
		long nanos = System.nanoTime() - telemetry.startNanos();
		Span span = telemetry.span();
		String method = request.getMethod().name();
		String route = telemetry.route();
		Object handledAttribute = telemetry.attribute(ExceptionHandlingWebHandler.HANDLED_WEB_EXCEPTION);
		Throwable handled = (handledAttribute instanceof Throwable failure) ? failure : null;
		// A caller that went away got no answer: no status (Reactor Netty's default 200 would count it a success),
		// as Spring's own server observations record an aborted connection. The server cancels the handler when
		// the connection closes while the team is answering; a disconnect found by a read or write is handled.
		boolean aborted = cancelled
				|| (handled != null && DisconnectedClientHelper.isClientDisconnectedException(handled));
		HttpStatusCode statusCode = aborted ? null : response.getStatusCode();
		int statusValue = (statusCode != null) ? statusCode.value() : 0;
		String status = (statusCode != null) ? String.valueOf(statusValue) : UNKNOWN;
		String outcome = HttpOutcome.of(statusCode);
		String errorType = HttpErrorType.of(telemetry.attributes(), handled);
		String correlationId = (telemetry.attribute(CorrelationIdFilter.CORRELATION_ID) instanceof String id) ? id
				: null;
		String team = telemetry.team();
		if (route != null) {
			span.name(method + " " + route);
			span.tag(HttpServerKeys.ROUTE.asString(), route);
		}
		if (statusCode != null) {
			SpanAttributeTypes.tag(span, HttpServerKeys.STATUS.asString(), status);
		}
		SpanAttributeTypes.tag(span, HttpServerKeys.ERROR_TYPE.asString(), errorType);
		span.tag(HttpServerKeys.OUTCOME.asString(), outcome);
		span.tag(ApiRequestSpanKeys.TEAM.asString(), team);
		if (correlationId != null) {
			span.tag(ApiRequestSpanKeys.CORRELATION_ID.asString(), correlationId);
		}
		HttpSpanStatus.set(span, Span.Kind.SERVER, statusValue, handled);
		try (Tracer.SpanInScope scope = telemetry.spanInScope()) {
			this.serverTimers
				.computeIfAbsent(
						new ServerLabels(method, (route != null) ? route : UNKNOWN, status, scheme(request), errorType,
								outcome, (handled != null) ? handled.getClass().getSimpleName() : NONE),
						this::serverTimer)
				.record(nanos, TimeUnit.NANOSECONDS);
			TeamMeters meters = this.teamMeters.computeIfAbsent(new TeamLabels(team, status, outcome), TeamMeters::new);
			meters.requests.increment();
			meters.duration.record(nanos, TimeUnit.NANOSECONDS);
			this.traffic.record(team, statusValue, nanos / 1e9);
			// The reactive server has no per-request MDC: the correlation id is put there for this line.
			try (MDC.MDCCloseable mdc = (correlationId != null)
					? MDC.putCloseable(CorrelationIdFilter.CORRELATION_ID, correlationId) : null) {
				accessLog.info("{} {} -> {} (team {})", request.getMethod(), request.getPath().value(), status, team);
			}
		}
		span.end();
	}

	private static String scheme(ServerHttpRequest request) {
		String scheme = request.getURI().getScheme();
		return (scheme != null) ? scheme : UNKNOWN;
	}

	private Timer serverTimer(ServerLabels labels) {
		return Timer.builder(HttpServerMeters.REQUEST_DURATION.getName())
			.description("Duration of inbound HTTP requests")
			.tag(HttpServerKeys.METHOD.asString(), labels.method())
			.tag(HttpServerKeys.ROUTE.asString(), labels.route())
			.tag(HttpServerKeys.STATUS.asString(), labels.status())
			.tag(HttpServerKeys.SCHEME.asString(), labels.scheme())
			.tag(HttpServerKeys.ERROR_TYPE.asString(), labels.errorType())
			.tag(HttpServerKeys.OUTCOME.asString(), labels.outcome())
			.tag(METER_ERROR, labels.error())
			.register(this.registry);
	}

	/** One label set of {@code http.server.request.duration}; few: routes times statuses and errors. */
	private record ServerLabels(String method, String route, String status, String scheme, String errorType,
			String outcome, String error) {
	}

	/** One label set of the gateway's request meters: the configured teams and {@code unknown}, times statuses. */
	private record TeamLabels(String team, String status, String outcome) {
	}

	/** The two meters of one team and status, registered once. */
	private final class TeamMeters {

		private final Counter requests;

		private final Timer duration;

		TeamMeters(TeamLabels labels) {
			this.requests = Counter.builder(GatewayRequestCounter.REQUESTS.getName())
				.description("Requests under /api/** by team, status and outcome")
				.tag(GatewayKeys.TEAM.asString(), labels.team())
				.tag(GatewayKeys.STATUS.asString(), labels.status())
				.tag(GatewayKeys.OUTCOME.asString(), labels.outcome())
				.register(ApiRequestTelemetryHandler.this.registry);
			this.duration = Timer.builder(GatewayRequestTimer.REQUEST_DURATION.getName())
				.description("Duration of requests under /api/** at the gateway")
				.tag(GatewayKeys.TEAM.asString(), labels.team())
				.tag(GatewayKeys.STATUS.asString(), labels.status())
				.register(ApiRequestTelemetryHandler.this.registry);
		}

	}

}
