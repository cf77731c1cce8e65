package io.llmplatform.gateway.limits;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import io.llmplatform.gateway.PassedOn;
import io.llmplatform.gateway.problem.GatewayProblemException;
import io.llmplatform.gateway.problem.GatewayProblemType;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

	@Test
	void bodiesBeyondTheRoutesBoundAre503BeforeTheirBodyIsReadUntilHeldOnesEnd() {
		GatewayFilter bounded = new RequestBodyLimitGatewayFilterFactory()
			.apply(new RequestBodyLimitGatewayFilterFactory.Config().setMaxSize(DataSize.ofBytes(1000))
				.setMaxBuffered(DataSize.ofBytes(2000)));
		Sinks.Many<DataBuffer> first = Sinks.many().unicast().onBackpressureBuffer();
		Sinks.Many<DataBuffer> second = Sinks.many().unicast().onBackpressureBuffer();
		Disposable firstHeld = bounded.filter(exchange(first.asFlux(), 1000), (next) -> Mono.never()).subscribe();
		// A chunked body counts with the largest size until it has arrived, then with its own.
		Disposable secondHeld = bounded.filter(exchange(second.asFlux(), -1), (next) -> Mono.never()).subscribe();
		AtomicBoolean thirdRead = new AtomicBoolean();
		Flux<DataBuffer> third = Flux.defer(() -> {
			thirdRead.set(true);
			return Flux.just(buffer("{}"));
		});
		assertThatExceptionOfType(GatewayProblemException.class)
			.isThrownBy(() -> bounded.filter(exchange(third, 2), (next) -> Mono.empty()).block())
			.satisfies((ex) -> {
				assertThat(ex.type()).isEqualTo(GatewayProblemType.BODY_BUFFER_FULL);
				assertThat(ex.type().status().value()).isEqualTo(503);
				assertThat(ex.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
				assertThat(ex.detail()).contains("2000 bytes");
			});
		assertThat(thirdRead).as("the rejected body was not read").isFalse();
		second.tryEmitNext(buffer("x".repeat(100)));
		second.tryEmitComplete();
		// 1000 + 100 held: room for 900 more bytes.
		assertThat(PassedOn.by(bounded, exchange(Flux.just(buffer("y".repeat(900))), 900))).isNotNull();
		assertThatExceptionOfType(GatewayProblemException.class)
			.isThrownBy(() -> PassedOn.by(bounded, exchange(Flux.just(buffer("y".repeat(901))), 901)));
		firstHeld.dispose();
		secondHeld.dispose();
		assertThat(PassedOn.by(bounded, exchange(Flux.just(buffer("z".repeat(1000))), 1000))).isNotNull();
		assertThat(PassedOn.by(bounded, exchange(Flux.just(buffer("z".repeat(1000))), 1000))).isNotNull();
	}

	@Test
	void aBoundThatCannotHoldTheLargestBodyIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RequestBodyLimitGatewayFilterFactory()
			.apply(new RequestBodyLimitGatewayFilterFactory.Config().setMaxSize(DataSize.ofMegabytes(1))
				.setMaxBuffered(DataSize.ofKilobytes(512))))
			.withMessageContaining("(524288 bytes, platform.gateway.limits.max-buffered-bodies-per-team)")
			.withMessageContaining("(1048576 bytes, platform.gateway.limits.max-request-body)");
	}

	private static ServerWebExchange exchange(Flux<DataBuffer> body, long contentLength) {
		HttpHeaders headers = new HttpHeaders();
		if (contentLength >= 0) {
			headers.setContentLength(contentLength);
		}
		else {
			headers.set(HttpHeaders.TRANSFER_ENCODING, "chunked");
		}
		ServerHttpRequest request = new ServerHttpRequestDecorator(
				MockServerHttpRequest.post("http://gateway.example/api/quant/predict").build()) {

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

			@Override
			public Flux<DataBuffer> getBody() {
				return body;
			}

		};
		return MockServerWebExchange.from(MockServerHttpRequest.post("/")).mutate().request(request).build();
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
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
