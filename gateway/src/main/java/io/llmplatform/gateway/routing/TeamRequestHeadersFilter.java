package io.llmplatform.gateway.routing;

import io.llmplatform.gateway.resilience.TeamResilienceGlobalFilter;
import io.llmplatform.gateway.security.ApiKeyAuthenticator;
import io.llmplatform.gateway.tracing.InboundTraceContextDecorator;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The headers a team service receives, decided in one place while Spring Cloud Gateway builds
 * the forwarded request: the caller's API key, any internal credential it sent and its moved
 * trace context ({@value InboundTraceContextDecorator#CALLER_TRACEPARENT}) are left out; the
 * gateway's internal credential, the JSON-only {@code Accept}, the request's correlation id and
 * the milliseconds left of the request's deadline
 * ({@value TeamResilienceGlobalFilter#DEADLINE_HEADER}) are set.
 * <p>
 * One copy of the headers per forwarded request: as route filters that each mutated the
 * exchange, these were six copies, the hottest frames of the gateway's profile
 * (docs/BENCHMARKS.md). Requests of other routes pass untouched.
 */
public class TeamRequestHeadersFilter implements HttpHeadersFilter, Ordered {

	private final @Nullable String internalCredential;

	private final String correlationHeader;

	/**
	 * @param internalCredential the credential team services require of the gateway, or
	 * {@code null} when they require none
	 * @param correlationHeader the header carrying the request's correlation id
	 */
	public TeamRequestHeadersFilter(@Nullable String internalCredential, String correlationHeader) {
		this.internalCredential = (internalCredential == null || internalCredential.isBlank()) ? null
				: internalCredential;
		this.correlationHeader = correlationHeader;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || !route.getId().startsWith(TeamRoutesConfiguration.TEAM_ROUTE_ID_PREFIX)) {
			return input;
		}
		HttpHeaders forwarded = new HttpHeaders();
		input.forEach((name, values) -> {
			if (!isLeftOut(name)) {
				forwarded.addAll(name, values);
			}
		});
		// The API answers JSON only; a caller's Accept: text/html must not turn a problem into a 406.
		forwarded.set(HttpHeaders.ACCEPT, TeamRoutesConfiguration.ACCEPTED_MEDIA_TYPES);
		if (this.internalCredential != null) {
			forwarded.set(TeamRoutesConfiguration.INTERNAL_CREDENTIAL_HEADER, this.internalCredential);
		}
		// Set here rather than on the request passed down the filters, which would copy its headers once more
		// (platform.telemetry.correlation.add-generated-to-request=false).
		String correlationId = exchange.getAttribute(CorrelationIdFilter.CORRELATION_ID);
		if (correlationId != null) {
			forwarded.set(this.correlationHeader, correlationId);
		}
		Long deadlineMillis = exchange.getAttribute(TeamResilienceGlobalFilter.FORWARD_DEADLINE_ATTRIBUTE);
		if (deadlineMillis != null) {
			forwarded.set(TeamResilienceGlobalFilter.DEADLINE_HEADER, Long.toString(deadlineMillis));
		}
		return forwarded;
	}

	/** The caller's key, and what only the gateway may send: the credential, the moved trace context. */
	private static boolean isLeftOut(String name) {
		return ApiKeyAuthenticator.carriesKey(name)
				|| TeamRoutesConfiguration.INTERNAL_CREDENTIAL_HEADER.equalsIgnoreCase(name)
				|| InboundTraceContextDecorator.CALLER_TRACEPARENT.equalsIgnoreCase(name);
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

	@Override
	public int getOrder() {
		// Last but the trace context (TraceContextHeadersFilter, which only adds its own headers), so that no
		// other header filter puts back what the team must not see.
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

}
