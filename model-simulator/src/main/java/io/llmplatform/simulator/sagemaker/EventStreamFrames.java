package io.llmplatform.simulator.sagemaker;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Frames of InvokeEndpointWithResponseStream in the AWS event-stream encoding (prelude, headers,
 * payload, CRC32s), written with the codec the AWS SDK itself decodes with.
 */
final class EventStreamFrames {

	private EventStreamFrames() {
	}

	/** A {@code PayloadPart} event: its payload is the {@code Bytes} member, raw. */
	static byte[] payloadPart(byte[] bytes) {
		Map<String, HeaderValue> headers = new LinkedHashMap<>();
		headers.put(":event-type", HeaderValue.fromString("PayloadPart"));
		headers.put(":content-type", HeaderValue.fromString("application/octet-stream"));
		headers.put(":message-type", HeaderValue.fromString("event"));
		return toBytes(new Message(headers, bytes));
	}

	private static byte[] toBytes(Message message) {
		ByteBuffer buffer = message.toByteBuffer();
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

}
