package io.llmplatform.gateway.observation;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.llmplatform.gateway.observation.GatewayCatalogue.UpstreamCallKeys;
import io.llmplatform.gateway.observation.GatewayCatalogue.UpstreamCallSpanKeys;
import io.llmplatform.gateway.observation.GatewayCatalogue.UpstreamCallTimer;
import io.llmplatform.gateway.tracing.ObservedSpans;
import io.llmplatform.telemetry.tracing.SpanAttributeTypes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.client.HttpClientResponse;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's call to the routed service as one CLIENT span, a child of the request's
 * SERVER span, and one {@code http.client.request.duration} measurement, both declared in
 * {@link GatewayCatalogue} ({@link GatewayCatalogue.UpstreamCallDocumentation}). It replaces
 * Spring Cloud Gateway's client observation (switched off with
 * {@code spring.cloud.gateway.server.webflux.observability.enabled=false}): the same span and
 * series for a fraction of the cost per request, because it builds no observation context,
 * sorts no key values and looks up its timer once per label set.
 * <p>
 * The call lasts from just before {@link NettyRoutingFilter} sends the request until the
 * response's status and headers have arrived, as Spring Cloud Gateway's observation did. It
 * ends in one of three ways: an answer (its status), an error (the exception's class), or a
 * cancellation (the caller left or the gateway's deadline passed: {@value #CANCELLED}).
 * {@link TraceContextHeadersFilter} sends the span's context to the service.
 */
public class UpstreamCallTelemetryFilter implements GlobalFilter, Ordered {

	/** Exchange attribute holding the CLIENT span while the call is in flight. */
	public static final String SPAN_ATTRIBUTE = UpstreamCallTelemetryFilter.class.getName() + ".span";

	/** {@code error.type} of a call that was cancelled before its answer came. */
	public static final String CANCELLED = "cancelled";

	private static final String NONE = "none";

	private static final String UNKNOWN = "UNKNOWN";

	private final Tracer tracer;

	private final MeterRegistry registry;

	private final Map<Labels, Timer> timers = new ConcurrentHashMap<>();

	public UpstreamCallTelemetryFilter(Tracer tracer, MeterRegistry registry) {
		this.tracer = tracer;
		this.registry = registry;
	}

	@Override
	public int getOrder() {
		// Right before the routing filter: every filter that may refuse the request has run.
		return NettyRoutingFilter.ORDER - 2;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (url == null || ServerWebExchangeUtils.isAlreadyRouted(exchange)
				|| !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
			return chain.filter(exchange);
		}
		Target target = new Target(exchange.getRequest().getMethod().name(),
				(url.getHost() != null) ? url.getHost() : UNKNOWN, port(url), routeId(exchange));
		Call call = new Call(exchange, target, start(exchange, target, url));
		exchange.getAttributes().put(SPAN_ATTRIBUTE, call.span);
		return chain.filter(exchange).doOnError(call::failed).doFinally(call::ended);
	}

	private Span start(ServerWebExchange exchange, Target target, URI url) {
		Span parent = ObservedSpans.ofServerRequest(exchange);
		Span.Builder builder = this.tracer.spanBuilder();
		builder = (parent != null) ? builder.setParent(parent.context()) : builder.setNoParent();
		return builder.kind(Span.Kind.CLIENT)
			.name(target.method())
			.tag(UpstreamCallKeys.METHOD.asString(), target.method())
			.tag(UpstreamCallKeys.SERVER_ADDRESS.asString(), target.address())
			.tag(UpstreamCallKeys.SERVER_PORT.asString(), target.port())
			.tag(UpstreamCallKeys.ROUTE_ID.asString(), target.routeId())
			.tag(UpstreamCallSpanKeys.URL_FULL.asString(), url.toString())
			.start();
	}

	private Timer timer(Labels labels) {
		return this.timers.computeIfAbsent(labels, (key) -> Timer.builder(UpstreamCallTimer.DURATION.getName())
			.description("Duration of the gateway's calls to the routed services, until the response headers")
			.tag(UpstreamCallKeys.METHOD.asString(), key.target().method())
			.tag(UpstreamCallKeys.SERVER_ADDRESS.asString(), key.target().address())
			.tag(UpstreamCallKeys.SERVER_PORT.asString(), String.valueOf(key.target().port()))
			.tag(UpstreamCallKeys.STATUS_CODE.asString(), key.status())
			.tag(UpstreamCallKeys.ERROR_TYPE.asString(), key.errorType())
			.tag(UpstreamCallKeys.ROUTE_ID.asString(), key.target().routeId())
			.register(this.registry));
	}

	private static int port(URI url) {
		if (url.getPort() != -1) {
			return url.getPort();
		}
		return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
	}

	private static String routeId(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null) ? route.getId() : UNKNOWN;
	}

	/** What is called, known when the call starts: the span's attributes and the fixed part of its labels. */
	private record Target(String method, String address, int port, String routeId) {
	}

	/** One label set of the timer; few: the routes times the statuses and errors they answer with. */
	private record Labels(Target target, String status, String errorType) {
	}

	/** One call in flight; ended once, by whichever signal comes first. */
	private final class Call {

		private final ServerWebExchange exchange;

		private final Target target;

		private final Span span;

		private final long startNanos = System.nanoTime();

		private @Nullable Throwable error;

		Call(ServerWebExchange exchange, Target target, Span span) {
			this.exchange = exchange;
			this.target = target;
			this.span = span;
		}

		void failed(Throwable error) {
			this.error = error;
		}

		void ended(SignalType signal) {
			long nanos = System.nanoTime() - this.startNanos;
			this.exchange.getAttributes().remove(SPAN_ATTRIBUTE);
			HttpClientResponse response = this.exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR);
			int status = (response != null) ? response.status().code() : 0;
			String errorType = errorType(signal, status);
			if (status != 0) {
				SpanAttributeTypes.tag(this.span, UpstreamCallKeys.STATUS_CODE.asString(), String.valueOf(status));
			}
			HttpSpanStatus.set(this.span, Span.Kind.CLIENT, status, this.error);
			SpanAttributeTypes.tag(this.span, UpstreamCallKeys.ERROR_TYPE.asString(), errorType);
			Timer timer = timer(new Labels(this.target, (status != 0) ? String.valueOf(status) : UNKNOWN, errorType));
			// In the span's scope, so that the histogram's exemplar is this call's trace.
			try (Tracer.SpanInScope scope = UpstreamCallTelemetryFilter.this.tracer.withSpan(this.span)) {
				timer.record(nanos, TimeUnit.NANOSECONDS);
			}
			this.span.end();
		}

		/** As Spring's HTTP conventions: the exception's class, else the status from 400 on, else none. */
		private String errorType(SignalType signal, int status) {
			if (this.error != null) {
				return this.error.getClass().getName();
			}
			if (signal == SignalType.CANCEL && status == 0) {
				return CANCELLED;
			}
			return (status >= 400) ? String.valueOf(status) : NONE;
		}

	}

}
