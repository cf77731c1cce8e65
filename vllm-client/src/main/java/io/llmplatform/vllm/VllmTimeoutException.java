package io.llmplatform.vllm;

import org.jspecify.annotations.Nullable;

/**
 * No (complete) answer within {@code vllm.client.connect-timeout} or
 * {@code vllm.client.read-timeout}. {@link #status()} is {@code 0};
 * {@link #telemetryErrorType()} is {@code timeout}.
 */
public class VllmTimeoutException extends VllmClientException {

	public VllmTimeoutException(String message, @Nullable Throwable cause) {
		super(message, 0, null, null, cause);
	}

	@Override
	public String telemetryErrorType() {
		return "timeout";
	}

}
