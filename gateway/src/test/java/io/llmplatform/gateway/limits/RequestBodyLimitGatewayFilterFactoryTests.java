package io.llmplatform.gateway.limits;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import io.llmplatform.gateway.PassedOn;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBodyLimitGatewayFilterFactoryTests {

	private final GatewayFilter filter = new RequestBodyLimitGatewayFilterFactory()
		.apply(new RequestBodyLimitGatewayFilterFactory.Config());

	@Test
	void bodyWithItsOwnContentLengthIsPassedOnWithoutCopyingTheHeaders() {
		String body = "{\"prompt\":\"hello\"}";
		CountingHeaders headers = new CountingHeaders();
		headers.setContentLength(body.length());
		headers.set("Authorization", "Bearer key");
		ServerWebExchange forwarded = filtered(body, headers);
		assertThat(forwarded.getRequest().getHeaders()).isSameAs(headers);
		assertThat(headers.reads.get()).as("reads of every header (a copy)").isZero();
		assertThat(bodyOf(forwarded)).isEqualTo(body);
	}

	@Test
	void chunkedBodyIsPassedOnWithItsContentLength() {
		String body = "{\"prompt\":\"hello\"}";
		CountingHeaders headers = new CountingHeaders();
		headers.set(HttpHeaders.TRANSFER_ENCODING, "chunked");
		headers.set("Authorization", "Bearer key");
		ServerWebExchange forwarded = filtered(body, headers);
		HttpHeaders sent = forwarded.getRequest().getHeaders();
		assertThat(sent.getContentLength()).isEqualTo(body.length());
		assertThat(sent.containsHeader(HttpHeaders.TRANSFER_ENCODING)).isFalse();
		assertThat(sent.getFirst("Authorization")).isEqualTo("Bearer key");
		assertThat(bodyOf(forwarded)).isEqualTo(body);
	}

	@Test
	void requestWithoutABodyIsPassedOnWithALengthOfZero() {
		CountingHeaders headers = new CountingHeaders();
		ServerWebExchange forwarded = filtered(null, headers);
		assertThat(forwarded.getRequest().getHeaders().getContentLength()).isZero();
		assertThat(bodyOf(forwarded)).isEmpty();
	}

	private ServerWebExchange filtered(String body, HttpHeaders headers) {
		MockServerHttpRequest.BodyBuilder builder = MockServerHttpRequest.post("http://gateway.example/api/quant/predict");
		MockServerHttpRequest mock = (body != null) ? builder.body(body) : builder.build();
		ServerHttpRequest request = new ServerHttpRequestDecorator(mock) {

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		};
		ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/")).mutate().request(request).build();
		return PassedOn.by(this.filter, exchange);
	}

	private static String bodyOf(ServerWebExchange exchange) {
		return DataBufferUtils.join(exchange.getRequest().getBody())
			.map((buffer) -> buffer.toString(StandardCharsets.UTF_8))
			.defaultIfEmpty("")
			.block();
	}

	/** Counts the reads of all its headers, which is what copying them takes. */
	private static final class CountingHeaders extends HttpHeaders {

		private final AtomicInteger reads = new AtomicInteger();

		@Override
		public Set<Map.Entry<String, List<String>>> headerSet() {
			this.reads.incrementAndGet();
			return super.headerSet();
		}

		@Override
		public void forEach(BiConsumer<? super String, ? super List<String>> action) {
			this.reads.incrementAndGet();
			super.forEach(action);
		}

	}

}
