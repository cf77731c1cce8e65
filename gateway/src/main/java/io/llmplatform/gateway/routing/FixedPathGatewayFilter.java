package io.llmplatform.gateway.routing;

import java.net.URI;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.server.RequestPath;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Sends the request to one fixed path of the route's URI, keeping its query, as Spring Cloud
 * Gateway's {@code SetPath} does for a path without template variables; the original URL is
 * recorded the same way. Unlike {@code SetPath} it does not copy the request's headers: the
 * request is only seen through a different path ({@code ServerHttpRequest.mutate()} copies
 * every header, a case-insensitive map built per request, docs/BENCHMARKS.md step 15).
 */
public class FixedPathGatewayFilter implements GatewayFilter {

	private final String path;

	private final RequestPath requestPath;

	/**
	 * The last URI made without a query: requests come with the same scheme and host, and parsing a URI per request
	 * is most of this filter's cost. One entry, because the host is the caller's to choose.
	 */
	private volatile @Nullable Forwarded last;

	/**
	 * @param path the path every request of the route is sent to, e.g. {@code /predict}
	 */
	public FixedPathGatewayFilter(String path) {
		if (!path.startsWith("/")) {
			throw new IllegalArgumentException("The path must start with '/': " + path);
		}
		this.path = path;
		this.requestPath = RequestPath.parse(path, null);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		URI original = request.getURI();
		ServerWebExchangeUtils.addOriginalRequestUrl(exchange, original);
		URI uri = withPath(original);
		ServerHttpRequest forwarded = new ServerHttpRequestDecorator(request) {

			@Override
			public URI getURI() {
				return uri;
			}

			@Override
			public RequestPath getPath() {
				return FixedPathGatewayFilter.this.requestPath;
			}

		};
		return chain.filter(exchange.mutate().request(forwarded).build());
	}

	private URI withPath(URI original) {
		Forwarded last = this.last;
		if (original.getRawQuery() == null && last != null && last.matches(original)) {
			return last.uri();
		}
		URI uri = parsed(original);
		if (original.getRawQuery() == null) {
			this.last = new Forwarded(original.getScheme(), original.getRawAuthority(), uri);
		}
		return uri;
	}

	private URI parsed(URI original) {
		StringBuilder uri = new StringBuilder(64);
		if (original.getScheme() != null && original.getRawAuthority() != null) {
			uri.append(original.getScheme()).append("://").append(original.getRawAuthority());
		}
		uri.append(this.path);
		if (original.getRawQuery() != null) {
			uri.append('?').append(original.getRawQuery());
		}
		return URI.create(uri.toString());
	}

	/** A request URI's scheme and authority, and the URI with the fixed path made from them. */
	private record Forwarded(@Nullable String scheme, @Nullable String authority, URI uri) {

		boolean matches(URI original) {
			return Objects.equals(this.authority, original.getRawAuthority())
					&& Objects.equals(this.scheme, original.getScheme());
		}

	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("path", this.path).toString();
	}

}
