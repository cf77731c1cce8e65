package io.llmplatform.gateway.limits;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.gateway.problem.GatewayProblemException;
import io.llmplatform.gateway.problem.GatewayProblemType;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Rejects a request whose target or header fields are over the limits before anything else
 * looks at it: 414 {@code uri-too-long}, 431 {@code request-header-fields-too-large}. Netty's
 * own decoder limits are set higher, as a backstop for requests too large to be parsed at all.
 * <p>
 * The header fields are counted as the caller sent them, from Netty's own headers (a view
 * through Spring's would build a case-insensitive set of every request's header names), with
 * one exception: the correlation id counts as resolved, because an unacceptable one has been
 * replaced already ({@code CorrelationIdWebFilter} runs first) and is not passed on.
 */
public class RequestLimitsWebFilter implements WebFilter, Ordered {

	/** Right after the correlation id filter, so that the problem carries the id. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

	private final int maxUriLength;

	private final long maxHeaderBytes;

	private final int maxHeaderCount;

	private final String correlationHeader;

	public RequestLimitsWebFilter(PlatformGatewayProperties.Limits limits, String correlationHeader) {
		this.maxUriLength = limits.getMaxUriLength();
		this.maxHeaderBytes = limits.getMaxHeaderSize().toBytes();
		this.maxHeaderCount = limits.getMaxHeaderCount();
		this.correlationHeader = correlationHeader;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		int uriLength = targetLength(request);
		if (uriLength > this.maxUriLength) {
			return Mono.error(new GatewayProblemException(GatewayProblemType.URI_TOO_LONG,
					"The request target has " + uriLength + " characters; the limit is " + this.maxUriLength + "."));
		}
		HeaderFields fields = headerFields(request, exchange.getAttribute(CorrelationIdFilter.CORRELATION_ID));
		if (fields.bytes() > this.maxHeaderBytes) {
			return Mono.error(new GatewayProblemException(GatewayProblemType.HEADERS_TOO_LARGE, "The header fields take "
					+ fields.bytes() + " bytes; the limit is " + this.maxHeaderBytes + " bytes."));
		}
		if (fields.count() > this.maxHeaderCount) {
			return Mono.error(new GatewayProblemException(GatewayProblemType.HEADERS_TOO_LARGE, "The request has "
					+ fields.count() + " header fields; the limit is " + this.maxHeaderCount + "."));
		}
		return chain.filter(exchange);
	}

	private static int targetLength(ServerHttpRequest request) {
		String path = request.getURI().getRawPath();
		String query = request.getURI().getRawQuery();
		return ((path != null) ? path.length() : 0) + ((query != null) ? query.length() + 1 : 0);
	}

	/** As HTTP/1.1 puts them on the wire: {@code name: value CRLF} per field. */
	private HeaderFields headerFields(ServerHttpRequest request, @Nullable String correlationId) {
		if (!(ServerHttpRequestDecorator.getNativeRequest(request) instanceof HttpServerRequest sent)) {
			return headerFields(request.getHeaders());
		}
		long bytes = (correlationId != null) ? fieldBytes(this.correlationHeader, correlationId) : 0;
		int count = (correlationId != null) ? 1 : 0;
		Iterator<Map.Entry<CharSequence, CharSequence>> fields = sent.requestHeaders().iteratorCharSequence();
		while (fields.hasNext()) {
			Map.Entry<CharSequence, CharSequence> field = fields.next();
			if (correlationId == null || !AsciiString.contentEqualsIgnoreCase(this.correlationHeader, field.getKey())) {
				bytes += fieldBytes(field.getKey(), field.getValue());
				count++;
			}
		}
		return new HeaderFields(bytes, count);
	}

	/** Not served by Reactor Netty (a mock request in a test): Spring's view of the headers. */
	private static HeaderFields headerFields(HttpHeaders headers) {
		long bytes = 0;
		int count = 0;
		for (Map.Entry<String, List<String>> header : headers.headerSet()) {
			for (String value : header.getValue()) {
				bytes += fieldBytes(header.getKey(), value);
				count++;
			}
		}
		return new HeaderFields(bytes, count);
	}

	private static long fieldBytes(CharSequence name, CharSequence value) {
		return name.length() + 2 + value.length() + 2;
	}

	/** The request's header fields as the limits count them: their bytes on the wire and their number. */
	private record HeaderFields(long bytes, int count) {
	}

}
