package io.llmplatform.gateway.tracing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import io.llmplatform.gateway.PlatformGatewayProperties.InboundTraceContext;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Wraps the whole HTTP handler, so it acts before the SERVER observation reads the request's
 * trace context. Untrusted (the default): {@code traceparent}, {@code tracestate}, B3's
 * headers and {@code baggage} are removed, so the gateway starts a new trace and passes no caller baggage
 * on; the caller's {@code traceparent} is handed to {@link CallerLinkingReceiverTracingObservationHandler} in
 * {@value #CALLER_TRACEPARENT} to become a span link. Trusted: the trace continues, and only
 * {@code baggage} over the size limit is removed.
 */
public class InboundTraceContextDecorator implements Function<HttpHandler, HttpHandler> {

	/** Internal header carrying the caller's {@code traceparent} to the span link; never accepted from outside, never forwarded. */
	public static final String CALLER_TRACEPARENT = "X-Gateway-Caller-Traceparent";

	/** W3C Trace Context first (the caller's {@code traceparent} becomes the link), then B3's single and multiple headers. */
	static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate", "b3", "X-B3-TraceId", "X-B3-SpanId",
			"X-B3-ParentSpanId", "X-B3-Sampled", "X-B3-Flags");

	static final String BAGGAGE = "baggage";

	private final boolean trusted;

	private final long maxBaggageBytes;

	public InboundTraceContextDecorator(InboundTraceContext properties) {
		this.trusted = properties.isTrusted();
		this.maxBaggageBytes = properties.getMaxBaggage().toBytes();
	}

	@Override
	public HttpHandler apply(HttpHandler handler) {
		return (request, response) -> handler.handle(sanitized(request), response);
	}

	private ServerHttpRequest sanitized(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		boolean baggageTooLarge = baggageBytes(headers) > this.maxBaggageBytes;
		boolean forged = headers.containsHeader(CALLER_TRACEPARENT);
		if (!forged && (this.trusted ? !baggageTooLarge : !hasTraceContext(headers) && !headers.containsHeader(BAGGAGE))) {
			return request;
		}
		return request.mutate().headers((mutable) -> {
			mutable.remove(CALLER_TRACEPARENT);
			if (!this.trusted || baggageTooLarge) {
				mutable.remove(BAGGAGE);
			}
			if (!this.trusted) {
				String callerTraceparent = mutable.getFirst(TRACE_HEADERS.get(0));
				TRACE_HEADERS.forEach(mutable::remove);
				if (callerTraceparent != null) {
					mutable.set(CALLER_TRACEPARENT, callerTraceparent);
				}
			}
		}).build();
	}

	// A loop, not a stream: this runs on every request.
	private static boolean hasTraceContext(HttpHeaders headers) {
		for (String name : TRACE_HEADERS) {
			if (headers.containsHeader(name)) {
				return true;
			}
		}
		return false;
	}

	private static long baggageBytes(HttpHeaders headers) {
		List<String> values = headers.get(BAGGAGE);
		if (values == null) {
			return 0;
		}
		return values.stream().mapToLong((value) -> value.getBytes(StandardCharsets.UTF_8).length).sum();
	}

}
