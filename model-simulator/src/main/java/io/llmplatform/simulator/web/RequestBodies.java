package io.llmplatform.simulator.web;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads a request body as bytes whatever its Content-Type: SageMaker passes any content type through to
 * the container, and OpenAI clients are not always careful with theirs, so no codec negotiation (and no
 * 415) may stand in the way.
 */
public final class RequestBodies {

	/** Larger than SageMaker's real-time payload limit (6 MB) so that limit is never the simulator's. */
	private static final int MAX_BYTES = 8 * 1024 * 1024;

	private RequestBodies() {
	}

	public static Mono<byte[]> bytes(ServerWebExchange exchange) {
		return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BYTES).map(buffer -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		}).defaultIfEmpty(new byte[0]);
	}

}
