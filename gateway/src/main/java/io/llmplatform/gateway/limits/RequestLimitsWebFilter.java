package io.llmplatform.gateway.limits;

import java.util.List;
import java.util.Map;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.gateway.problem.GatewayProblemException;
import io.llmplatform.gateway.problem.GatewayProblemType;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Rejects a request whose target or header fields are over the limits before anything else
 * looks at it: 414 {@code uri-too-long}, 431 {@code request-header-fields-too-large}. Netty's
 * own decoder limits are set higher, as a backstop for requests too large to be parsed at all.
 */
public class RequestLimitsWebFilter implements WebFilter, Ordered {

	/** Right after the correlation id filter, so that the problem carries the id. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

	private final int maxUriLength;

	private final long maxHeaderBytes;

	public RequestLimitsWebFilter(PlatformGatewayProperties.Limits limits) {
		this.maxUriLength = limits.getMaxUriLength();
		this.maxHeaderBytes = limits.getMaxHeaderSize().toBytes();
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
		long headerBytes = headerBytes(request.getHeaders());
		if (headerBytes > this.maxHeaderBytes) {
			return Mono.error(new GatewayProblemException(GatewayProblemType.HEADERS_TOO_LARGE, "The header fields take "
					+ headerBytes + " bytes; the limit is " + this.maxHeaderBytes + " bytes."));
		}
		return chain.filter(exchange);
	}

	private static int targetLength(ServerHttpRequest request) {
		String path = request.getURI().getRawPath();
		String query = request.getURI().getRawQuery();
		return ((path != null) ? path.length() : 0) + ((query != null) ? query.length() + 1 : 0);
	}

	/** As HTTP/1.1 puts them on the wire: {@code name: value CRLF} per field. */
	private static long headerBytes(HttpHeaders headers) {
		long total = 0;
		for (Map.Entry<String, List<String>> header : headers.headerSet()) {
			for (String value : header.getValue()) {
				total += header.getKey().length() + 2 + value.length() + 2;
			}
		}
		return total;
	}

}
