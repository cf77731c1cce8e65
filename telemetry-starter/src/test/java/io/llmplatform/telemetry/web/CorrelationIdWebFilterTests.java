package io.llmplatform.telemetry.web;

import java.util.concurrent.atomic.AtomicReference;

import io.llmplatform.telemetry.internal.CorrelationIds;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIdWebFilterTests {

	private static final String HEADER = "X-Correlation-ID";

	private final CorrelationIdWebFilter filter = new CorrelationIdWebFilter(HEADER, new CorrelationIds(64));

	@Test
	void requestWithoutAnIdGetsOneOnTheRequestTheResponseAndTheExchange() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/quant/predict"));
		ServerWebExchange passed = filtered(exchange);

		String id = passed.getAttribute(CorrelationIdFilter.CORRELATION_ID);
		assertThat(id).isNotBlank();
		assertThat(passed.getRequest().getHeaders().get(HEADER)).containsExactly(id);
		assertThat(exchange.getResponse().getHeaders().get(HEADER)).containsExactly(id);
	}

	@Test
	void requestThatCarriesOneValidIdPassesOnUnchanged() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/api/quant/predict").header(HEADER, "caller-id-1"));
		ServerWebExchange passed = filtered(exchange);

		assertThat(passed.getRequest()).as("no copy of the request for an id kept as sent")
			.isSameAs(exchange.getRequest());
		assertThat(passed.<String>getAttribute(CorrelationIdFilter.CORRELATION_ID)).isEqualTo("caller-id-1");
		assertThat(exchange.getResponse().getHeaders().get(HEADER)).containsExactly("caller-id-1");
	}

	@Test
	void requestWithTwoIdsPassesOnWithTheFirst() {
		ServerWebExchange passed = filtered(MockServerWebExchange
			.from(MockServerHttpRequest.post("/api/quant/predict").header(HEADER, "first-id", "second-id")));

		assertThat(passed.getRequest().getHeaders().get(HEADER)).containsExactly("first-id");
	}

	@Test
	void unacceptableIdIsReplaced() {
		String tooLong = "x".repeat(65);
		ServerWebExchange passed = filtered(
				MockServerWebExchange.from(MockServerHttpRequest.post("/api/quant/predict").header(HEADER, tooLong)));

		String id = passed.getAttribute(CorrelationIdFilter.CORRELATION_ID);
		assertThat(id).isNotEqualTo(tooLong);
		assertThat(passed.getRequest().getHeaders().get(HEADER)).containsExactly(id);
	}

	@Test
	void generatedIdCanBeLeftOffTheRequestPassedOnButAReplacedOneCannot() {
		CorrelationIdWebFilter proxying = new CorrelationIdWebFilter(HEADER, new CorrelationIds(64), false);
		MockServerWebExchange withoutId = MockServerWebExchange.from(MockServerHttpRequest.post("/api/quant/predict"));
		ServerWebExchange passed = filtered(proxying, withoutId);
		String id = passed.getAttribute(CorrelationIdFilter.CORRELATION_ID);
		assertThat(id).isNotBlank();
		assertThat(withoutId.getResponse().getHeaders().get(HEADER)).containsExactly(id);
		assertThat(passed.getRequest()).as("no copy of the request").isSameAs(withoutId.getRequest());

		String tooLong = "x".repeat(65);
		passed = filtered(proxying,
				MockServerWebExchange.from(MockServerHttpRequest.post("/api/quant/predict").header(HEADER, tooLong)));
		assertThat(passed.getRequest().getHeaders().get(HEADER))
			.containsExactly(passed.<String>getAttribute(CorrelationIdFilter.CORRELATION_ID));
	}

	private ServerWebExchange filtered(MockServerWebExchange exchange) {
		return filtered(this.filter, exchange);
	}

	private static ServerWebExchange filtered(CorrelationIdWebFilter filter, MockServerWebExchange exchange) {
		AtomicReference<ServerWebExchange> passed = new AtomicReference<>();
		filter.filter(exchange, (next) -> {
			passed.set(next);
			return Mono.empty();
		}).block();
		return passed.get();
	}

}
