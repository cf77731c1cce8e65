package io.llmplatform.gateway.limits;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmplatform.gateway.problem.GatewayProblemException;
import io.llmplatform.gateway.problem.GatewayProblemType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Reads the whole request body, at most {@code max-size} within {@code read-timeout}, before
 * the request is proxied: a {@code Content-Length} over the limit is refused at once, a chunked
 * body as soon as it grows past it (413 {@code payload-too-large}), and a body that does not
 * arrive in time is the client's 408 {@code request-timeout}, never a 504 blamed on the team.
 * The team service then gets a body with a {@code Content-Length}. It runs after the key and
 * quota checks, so only a caller with a valid key gets the gateway to hold a body.
 * <p>
 * The bodies one route holds at once (being read, or read and waiting for the team's answer)
 * are bounded by {@code max-buffered}: a request is counted with its {@code Content-Length}, or
 * with {@code max-size} until a chunked body is read; one that would pass the bound gets 503
 * {@code body-buffer-full} with {@code Retry-After: 1} before a byte of its body is read. The
 * buffers are the JVM's direct memory, whose cap the Kubernetes manifest sets: with one filter per
 * team route, one team's callers cannot take it from the others.
 */
public class RequestBodyLimitGatewayFilterFactory
		extends AbstractGatewayFilterFactory<RequestBodyLimitGatewayFilterFactory.Config> {

	/** After the key ({@code -100}) and quota ({@code -90}) checks. */
	public static final int ORDER = -80;

	public RequestBodyLimitGatewayFilterFactory() {
		super(Config.class);
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("maxSize", "readTimeout");
	}

	@Override
	public GatewayFilter apply(Config config) {
		long maxBytes = config.getMaxSize().toBytes();
		long maxBuffered = config.getMaxBuffered().toBytes();
		if (maxBuffered < maxBytes) {
			throw new IllegalArgumentException("The bound on buffered request bodies (" + maxBuffered
					+ " bytes, platform.gateway.limits.max-buffered-bodies-per-team) must hold at least one body of the "
					+ "largest size (" + maxBytes + " bytes, platform.gateway.limits.max-request-body)");
		}
		if (maxBuffered > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("The bound on buffered request bodies (" + maxBuffered
					+ " bytes, platform.gateway.limits.max-buffered-bodies-per-team) must be below 2 GB");
		}
		Duration readTimeout = config.getReadTimeout();
		// A permit per byte: the route's bodies take permits before they are read and give them back when done.
		Semaphore buffered = new Semaphore((int) maxBuffered);
		return new OrderedGatewayFilter(new GatewayFilter() {

			@Override
			public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
				ServerHttpRequest request = exchange.getRequest();
				long declared = request.getHeaders().getContentLength();
				if (declared > maxBytes) {
					return Mono.error(tooLarge(maxBytes));
				}
				BodyBytes bytes = BodyBytes.reserve(buffered, (int) ((declared >= 0) ? declared : maxBytes));
				if (bytes == null) {
					return Mono.error(bufferFull(maxBuffered));
				}
				return DataBufferUtils.join(request.getBody(), Math.toIntExact(Math.min(maxBytes, Integer.MAX_VALUE)))
					// With a fallback, the timeout does not name itself by walking the operator chain on every request.
					.timeout(readTimeout, Mono.error(() -> new GatewayProblemException(
							GatewayProblemType.REQUEST_TIMEOUT,
							"The request body did not arrive within " + readTimeout.toMillis() + " ms.")))
					.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge(maxBytes))
					.map((body) -> withBody(request, bytes.keep(body)))
					// Lazily: defaultIfEmpty's argument would be built (and the headers copied) on every request.
					.switchIfEmpty(Mono.fromSupplier(() -> withBody(request, bytes.keep(null))))
					.flatMap((withBody) -> chain.filter(exchange.mutate().request(withBody).build()))
					.doFinally((signal) -> bytes.release());
			}

			@Override
			public String toString() {
				return filterToStringCreator(RequestBodyLimitGatewayFilterFactory.this).append("maxSize", maxBytes)
					.append("readTimeout", readTimeout)
					.append("maxBuffered", maxBuffered)
					.toString();
			}

		}, ORDER);
	}

	private static GatewayProblemException bufferFull(long maxBuffered) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "1");
		return new GatewayProblemException(GatewayProblemType.BODY_BUFFER_FULL,
				"This team's requests hold " + maxBuffered + " bytes of request bodies in the gateway already; "
						+ "try again shortly.",
				headers);
	}

	/** One request's share of its route's buffered bytes, given back when the request ends. */
	private static final class BodyBytes {

		private final Semaphore buffered;

		private final AtomicInteger held;

		private BodyBytes(Semaphore buffered, int held) {
			this.buffered = buffered;
			this.held = new AtomicInteger(held);
		}

		/** @return the reservation, or {@code null} when the route's bound would be passed */
		static @Nullable BodyBytes reserve(Semaphore buffered, int bytes) {
			return buffered.tryAcquire(bytes) ? new BodyBytes(buffered, bytes) : null;
		}

		/** Holds only the body that arrived (less than reserved for a chunked one). */
		@Nullable DataBuffer keep(@Nullable DataBuffer body) {
			int length = (body != null) ? body.readableByteCount() : 0;
			int reserved = this.held.get();
			if (length < reserved && this.held.compareAndSet(reserved, length)) {
				this.buffered.release(reserved - length);
			}
			return body;
		}

		void release() {
			this.buffered.release(this.held.getAndSet(0));
		}

	}

	private static GatewayProblemException tooLarge(long maxBytes) {
		return new GatewayProblemException(GatewayProblemType.PAYLOAD_TOO_LARGE,
				"The request body is larger than the limit of " + maxBytes + " bytes.");
	}

	private static ServerHttpRequest withBody(ServerHttpRequest request, @Nullable DataBuffer body) {
		long length = (body != null) ? body.readableByteCount() : 0;
		HttpHeaders sent = request.getHeaders();
		HttpHeaders headers;
		if (sent.getContentLength() == length && !sent.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			// The usual request: its Content-Length is already right, and copying every header is not free.
			headers = sent;
		}
		else {
			headers = new HttpHeaders();
			headers.addAll(sent);
			headers.remove(HttpHeaders.TRANSFER_ENCODING);
			headers.setContentLength(length);
		}
		return new ServerHttpRequestDecorator(request) {

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

			@Override
			public Flux<DataBuffer> getBody() {
				return (body != null) ? Flux.just(body) : Flux.empty();
			}

		};
	}

	/** The body limit of a route. */
	public static class Config {

		private DataSize maxSize = DataSize.ofMegabytes(1);

		private Duration readTimeout = Duration.ofSeconds(10);

		private DataSize maxBuffered = DataSize.ofMegabytes(16);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public Config setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
			return this;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public Config setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
			return this;
		}

		public DataSize getMaxBuffered() {
			return this.maxBuffered;
		}

		public Config setMaxBuffered(DataSize maxBuffered) {
			this.maxBuffered = maxBuffered;
			return this;
		}

	}

}
