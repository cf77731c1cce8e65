package io.llmplatform.gateway.routing;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;

import io.llmplatform.gateway.PassedOn;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FixedPathGatewayFilterTests {

	private final FixedPathGatewayFilter filter = new FixedPathGatewayFilter("/predict");

	@Test
	void requestIsSentToTheFixedPathWithItsQueryAndTheSameHeaders() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest
				.method(HttpMethod.POST, URI.create("http://gateway.example:8000/api/quant/predict?model=a&note=a%20b"))
				.header("Authorization", "Bearer key")
				.header("X-Custom", "1"));
		ServerWebExchange forwarded = filtered(exchange);
		assertThat(forwarded.getRequest().getURI())
			.isEqualTo(URI.create("http://gateway.example:8000/predict?model=a&note=a%20b"));
		assertThat(forwarded.getRequest().getPath().value()).isEqualTo("/predict");
		assertThat(forwarded.getRequest().getQueryParams().getFirst("note")).isEqualTo("a b");
		// Seen through another path, not copied: the very same headers.
		assertThat(forwarded.getRequest().getHeaders()).isSameAs(exchange.getRequest().getHeaders());
		LinkedHashSet<URI> originals = forwarded.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
		assertThat(originals)
			.containsExactly(URI.create("http://gateway.example:8000/api/quant/predict?model=a&note=a%20b"));
	}

	@Test
	void routeToRequestUrlSendsItToTheTeamsPredictPath() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("http://gateway.example:8000/api/quant/predict?model=a"));
		ServerWebExchange forwarded = filtered(exchange);
		forwarded.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, Route.async()
				.id("team-quant")
				.uri(URI.create("http://team-quant.internal:8101"))
				.predicate((any) -> true)
				.build());
		new RouteToRequestUrlFilter().filter(forwarded, (done) -> Mono.empty()).block();
		URI url = forwarded.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		assertThat(url).isEqualTo(URI.create("http://team-quant.internal:8101/predict?model=a"));
	}

	@Test
	void eachRequestKeepsItsOwnHostSchemeAndQuery() {
		for (String uri : List.of("http://gateway.example:8000/api/quant/predict",
				"http://gateway.example:8000/api/quant/predict", "http://other.example/api/quant/predict",
				"https://other.example/api/quant/predict", "https://other.example/api/quant/predict?a=1",
				"https://other.example/api/quant/predict", "http://gateway.example:8000/api/quant/predict")) {
			ServerWebExchange forwarded = filtered(
					MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.POST, URI.create(uri))));
			assertThat(forwarded.getRequest().getURI()).isEqualTo(URI.create(uri.replace("/api/quant/predict", "/predict")));
		}
	}

	@Test
	void pathMustBeAbsolute() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FixedPathGatewayFilter("predict"));
	}

	private ServerWebExchange filtered(ServerWebExchange exchange) {
		return PassedOn.by(this.filter, exchange);
	}

}
