package io.llmplatform.gateway.tracing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmplatform.telemetry.tracing.TypedPropagatingReceiverTracingObservationHandler;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The starter's receiver handler (typed attributes), plus a span link: when
 * {@link InboundTraceContextDecorator} took an untrusted caller's {@code traceparent} away,
 * the new SERVER span links to the caller's span, so that the caller's trace stays reachable
 * without deciding our trace id or sampling.
 * A link can only be given when the span starts, hence here and not in a filter. Requests
 * under {@code /api/**} get the same link from {@code ApiRequestTelemetryHandler}.
 */
public class CallerLinkingReceiverTracingObservationHandler
		extends TypedPropagatingReceiverTracingObservationHandler<ReceiverContext<?>> {

	private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

	private final Tracer tracer;

	public CallerLinkingReceiverTracingObservationHandler(Tracer tracer, Propagator propagator) {
		super(tracer, propagator);
		this.tracer = tracer;
	}

	@Override
	public Span.Builder customizeExtractedSpan(ReceiverContext<?> context, Span.Builder builder) {
		if (context instanceof ServerRequestObservationContext server) {
			Link link = callerLink(server.getCarrier(), this.tracer);
			if (link != null) {
				builder.addLink(link);
			}
		}
		return super.customizeExtractedSpan(context, builder);
	}

	/**
	 * @param request a request, after {@link InboundTraceContextDecorator}
	 * @param tracer the tracer
	 * @return a link to the span of the untrusted caller whose trace context was taken away, or {@code null}
	 */
	public static @Nullable Link callerLink(ServerHttpRequest request, Tracer tracer) {
		String traceparent = request.getHeaders().getFirst(InboundTraceContextDecorator.CALLER_TRACEPARENT);
		TraceContext caller = (traceparent != null) ? parse(traceparent, tracer) : null;
		return (caller != null) ? new Link(caller) : null;
	}

	private static @Nullable TraceContext parse(String traceparent, Tracer tracer) {
		Matcher matcher = TRACEPARENT.matcher(traceparent.strip());
		if (!matcher.matches() || matcher.group(1).matches("0+") || matcher.group(2).matches("0+")) {
			return null;
		}
		return tracer.traceContextBuilder()
			.traceId(matcher.group(1))
			.spanId(matcher.group(2))
			.sampled((Integer.parseInt(matcher.group(3), 16) & 1) == 1)
			.build();
	}

}
