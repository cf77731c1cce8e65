package io.llmplatform.gateway.limits;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.llmplatform.gateway.problem.GatewayProblemType;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;

/**
 * Turns the bare answer Netty's HTTP decoder gives to a request it cannot parse (a request line
 * or header fields past its backstop limits: 414 or 431 with no body) into the same problem
 * details as every other rejection, with a new correlation id, since no code of ours saw the
 * request. The connection is still closed, as Netty decided.
 */
class DecoderRejectionProblems extends ChannelDuplexHandler {

	private final String correlationHeader;

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
				response.release();
				super.write(context, problem(response, type), promise);
				return;
			}
		}
		super.write(context, message, promise);
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
