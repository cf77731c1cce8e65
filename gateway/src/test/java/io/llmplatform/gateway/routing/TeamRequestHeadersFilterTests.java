package io.llmplatform.gateway.routing;

import io.llmplatform.gateway.resilience.TeamResilienceGlobalFilter;
import io.llmplatform.gateway.tracing.InboundTraceContextDecorator;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class TeamRequestHeadersFilterTests {

	private final TeamRequestHeadersFilter filter = new TeamRequestHeadersFilter("internal-secret", "X-Correlation-ID");

	@Test
	void teamGetsNeitherKeyNorForgedCredentialNorMovedTraceContextButTheGatewaysOwnHeaders() {
		MockServerWebExchange exchange = exchange("team-quant", MockServerHttpRequest.post("/api/quant/predict")
			.header("authorization", "Bearer caller-key")
			.header("X-API-KEY", "caller-key")
			.header("x-internal-credential", "forged")
			.header(InboundTraceContextDecorator.CALLER_TRACEPARENT.toLowerCase(), "00-abc-def-01")
			.header(HttpHeaders.ACCEPT, "text/html")
			.header("X-Correlation-ID", "corr-1")
			.header("Content-Type", "application/json"));
		exchange.getAttributes().put(TeamResilienceGlobalFilter.FORWARD_DEADLINE_ATTRIBUTE, 1234L);

		HttpHeaders forwarded = this.filter.filter(exchange.getRequest().getHeaders(), exchange);

		assertThat(forwarded.get(HttpHeaders.AUTHORIZATION)).isNull();
		assertThat(forwarded.get("x-api-key")).isNull();
		assertThat(forwarded.get(InboundTraceContextDecorator.CALLER_TRACEPARENT)).isNull();
		assertThat(forwarded.get(TeamRoutesConfiguration.INTERNAL_CREDENTIAL_HEADER)).containsExactly("internal-secret");
		assertThat(forwarded.get(HttpHeaders.ACCEPT)).containsExactly("application/json, application/problem+json");
		assertThat(forwarded.get(TeamResilienceGlobalFilter.DEADLINE_HEADER)).containsExactly("1234");
		assertThat(forwarded.get("X-Correlation-ID")).containsExactly("corr-1");
		assertThat(forwarded.get("Content-Type")).containsExactly("application/json");
		assertThat(exchange.getRequest().getHeaders().get("x-internal-credential"))
			.as("the exchange's own request is not changed")
			.containsExactly("forged");
	}

	@Test
	void withoutAnInternalCredentialNoneIsSentAndAForgedOneIsStillLeftOut() {
		MockServerWebExchange exchange = exchange("team-quant",
				MockServerHttpRequest.post("/api/quant/predict").header("X-Internal-Credential", "forged"));

		HttpHeaders forwarded = new TeamRequestHeadersFilter(" ", "X-Correlation-ID").filter(exchange.getRequest().getHeaders(), exchange);

		assertThat(forwarded.get(TeamRoutesConfiguration.INTERNAL_CREDENTIAL_HEADER)).isNull();
		assertThat(forwarded.get(TeamResilienceGlobalFilter.DEADLINE_HEADER)).isNull();
	}

	@Test
	void teamGetsTheRequestsCorrelationIdWhetherTheCallerSentItOrNot() {
		// The id the gateway resolved: generated when the caller sent none, or in place of an unacceptable one.
		MockServerWebExchange withoutId = exchange("team-quant", MockServerHttpRequest.post("/api/quant/predict"));
		withoutId.getAttributes().put(CorrelationIdFilter.CORRELATION_ID, "generated-1");
		assertThat(this.filter.filter(withoutId.getRequest().getHeaders(), withoutId).get("x-correlation-id"))
			.containsExactly("generated-1");

		MockServerWebExchange hostile = exchange("team-quant",
				MockServerHttpRequest.post("/api/quant/predict").header("X-Correlation-ID", "<script>"));
		hostile.getAttributes().put(CorrelationIdFilter.CORRELATION_ID, "replacement-1");
		assertThat(this.filter.filter(hostile.getRequest().getHeaders(), hostile).get("X-Correlation-ID"))
			.containsExactly("replacement-1");
	}

	@Test
	void otherRoutesPassUntouched() {
		MockServerWebExchange exchange = exchange("somewhere-else",
				MockServerHttpRequest.post("/elsewhere").header("Authorization", "Bearer x"));
		HttpHeaders input = exchange.getRequest().getHeaders();

		assertThat(this.filter.filter(input, exchange)).isSameAs(input);
		assertThat(this.filter.supports(TeamRequestHeadersFilter.Type.RESPONSE)).isFalse();
	}

	private static MockServerWebExchange exchange(String routeId, MockServerHttpRequest.BaseBuilder<?> request) {
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, Route.async().id(routeId).uri("http://localhost:1")
				.predicate((ignored) -> true).build());
		return exchange;
	}

}
