package io.llmplatform.gateway.limits;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.llmplatform.gateway.problem.GatewayProblemType;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;

/**
 * Turns the bare answer Netty's HTTP decoder gives to a request it cannot parse (a request line
 * or header fields past its backstop limits: 414 or 431 with no body) into the same problem
 * details as every other rejection, with a new correlation id, since no code of ours saw the
 * request. The connection is still closed, as Netty decided, but not at once: a caller that
 * sends its whole head before reading is still writing when the answer goes out, and closing a
 * socket with unread bytes resets the connection, which can destroy the answer before the caller
 * reads it. So, as HTTP servers' "lingering close" does, the gateway ends its side after the
 * answer, reads and discards what still arrives (Netty's decoder skips it), and closes when the
 * caller does, or after {@value #LINGER_MILLIS} ms.
 */
class DecoderRejectionProblems extends ChannelDuplexHandler {

	/** The longest a rejected caller's connection stays open after its answer. */
	static final long LINGER_MILLIS = 2000;

	private final String correlationHeader;

	private boolean rejected;

	private ChannelPromise lingering;

	DecoderRejectionProblems(String correlationHeader) {
		this.correlationHeader = correlationHeader;
	}

	@Override
	public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
		if (message instanceof FullHttpResponse response && response.content().readableBytes() == 0) {
			GatewayProblemType type = switch (response.status().code()) {
				case 414 -> GatewayProblemType.URI_TOO_LONG;
				case 431 -> GatewayProblemType.HEADERS_TOO_LARGE;
				default -> null;
			};
			if (type != null) {
				this.rejected = true;
				response.release();
				super.write(context, problem(response, type), promise);
				return;
			}
		}
		super.write(context, message, promise);
	}

	@Override
	public void close(ChannelHandlerContext context, ChannelPromise promise) throws Exception {
		if (!this.rejected || this.lingering != null || !(context.channel() instanceof DuplexChannel channel)
				|| !channel.isActive()) {
			super.close(context, promise);
			return;
		}
		this.lingering = promise;
		channel.shutdownOutput();
		channel.config().setAutoRead(true);
		context.executor().schedule(() -> {
			if (channel.isOpen()) {
				context.close(promise);
			}
		}, LINGER_MILLIS, TimeUnit.MILLISECONDS);
	}

	@Override
	public void channelInactive(ChannelHandlerContext context) throws Exception {
		if (this.lingering != null) {
			this.lingering.trySuccess();
		}
		super.channelInactive(context);
	}

	private FullHttpResponse problem(FullHttpResponse bare, GatewayProblemType type) {
		String correlationId = UUID.randomUUID().toString();
		String body = "{\"type\":\"" + type.type() + "\",\"title\":\"" + type.title() + "\",\"status\":"
				+ type.status().value() + ",\"detail\":\"The request is larger than the gateway can read at all.\","
				+ "\"correlationId\":\"" + correlationId + "\"}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		FullHttpResponse problem = new DefaultFullHttpResponse(bare.protocolVersion(), bare.status(),
				Unpooled.wrappedBuffer(bytes));
		problem.headers()
			.set(bare.headers())
			.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
			.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
			.set(this.correlationHeader, correlationId);
		return problem;
	}

}
