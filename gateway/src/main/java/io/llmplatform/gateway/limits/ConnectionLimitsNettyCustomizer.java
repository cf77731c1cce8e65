package io.llmplatform.gateway.limits;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * What one client may hold of the main port's Netty server: a bounded number of open
 * connections (further ones are closed on arrival), and a deadline for a new connection's
 * first complete request head, so that connections that never finish their head
 * (slowloris) are closed even when they trickle bytes. Between requests on a kept-alive
 * connection, {@code server.netty.idle-timeout} applies. What Netty's decoder refuses itself
 * (past its backstop limits) is answered as a problem too ({@link DecoderRejectionProblems}).
 */
public class ConnectionLimitsNettyCustomizer implements NettyServerCustomizer {

	private static final String HEAD_TIMEOUT_HANDLER = "llmplatform.requestHeadTimeout";

	private static final String DECODER_PROBLEMS_HANDLER = "llmplatform.decoderRejectionProblems";

	private final int maxConnections;

	private final Duration requestHeadTimeout;

	private final String correlationHeader;

	public ConnectionLimitsNettyCustomizer(int maxConnections, Duration requestHeadTimeout, String correlationHeader) {
		this.maxConnections = maxConnections;
		this.requestHeadTimeout = requestHeadTimeout;
		this.correlationHeader = correlationHeader;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		AtomicInteger open = new AtomicInteger();
		return server.doOnChannelInit((observer, channel, remoteAddress) -> {
			if (open.incrementAndGet() > this.maxConnections) {
				open.decrementAndGet();
				channel.close();
				return;
			}
			channel.closeFuture().addListener((future) -> open.decrementAndGet());
			RequestHeadTimeout timeout = new RequestHeadTimeout(this.requestHeadTimeout);
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, HEAD_TIMEOUT_HANDLER, timeout);
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, DECODER_PROBLEMS_HANDLER,
						new DecoderRejectionProblems(this.correlationHeader));
			}
			else {
				channel.pipeline().addLast(HEAD_TIMEOUT_HANDLER, timeout);
			}
		});
	}

	/** Closes the connection unless a request head is decoded in time; then steps aside. */
	static final class RequestHeadTimeout extends ChannelInboundHandlerAdapter {

		private final Duration timeout;

		private @Nullable ScheduledFuture<?> deadline;

		RequestHeadTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		@Override
		public void handlerAdded(ChannelHandlerContext context) {
			Channel channel = context.channel();
			this.deadline = context.executor()
				.schedule(() -> channel.close(), this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (message instanceof HttpRequest) {
				cancel();
				context.pipeline().remove(this);
			}
			context.fireChannelRead(message);
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) {
			cancel();
			context.fireChannelInactive();
		}

		private void cancel() {
			if (this.deadline != null) {
				this.deadline.cancel(false);
				this.deadline = null;
			}
		}

	}

}
