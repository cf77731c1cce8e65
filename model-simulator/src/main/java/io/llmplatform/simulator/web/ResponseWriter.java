package io.llmplatform.simulator.web;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes bodies straight to the Netty response: whole bodies in one buffer, streams with a flush per
 * event so that each SSE chunk or event-stream frame leaves when its token is produced.
 */
public final class ResponseWriter {

	private ResponseWriter() {
	}

	public static Mono<Void> write(ServerWebExchange exchange, ResponseEntity<byte[]> entity) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(entity.getStatusCode());
		response.getHeaders().addAll(entity.getHeaders());
		byte[] body = (entity.getBody() != null) ? entity.getBody() : new byte[0];
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/** Sends {@code status} and {@code headers}, then each element of {@code events}, flushed one by one. */
	public static Mono<Void> stream(ServerWebExchange exchange, HttpStatusCode status, HttpHeaders headers,
			Flux<byte[]> events) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().addAll(headers);
		DataBufferFactory buffers = response.bufferFactory();
		Flux<Mono<DataBuffer>> flushed = events.map(bytes -> Mono.just(buffers.wrap(bytes)));
		return response.writeAndFlushWith(flushed);
	}

	public static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
