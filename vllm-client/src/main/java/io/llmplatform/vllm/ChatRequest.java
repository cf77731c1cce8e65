package io.llmplatform.vllm;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A chat completion request.
 *
 * @param model the model to ask; {@code null} for the configured default ({@code vllm.client.model})
 * @param messages the conversation so far, at least one message
 * @param maxTokens the most tokens to generate; {@code null} for the server's default
 * @param temperature the sampling temperature; {@code null} for the server's default
 * @param timeout the longest this call may take, e.g. what is left of the caller's deadline;
 * {@code null} for {@code vllm.client.read-timeout} (a longer one is cut to it)
 */
public record ChatRequest(@Nullable String model, List<ChatMessage> messages, @Nullable Integer maxTokens,
		@Nullable Double temperature, @Nullable Duration timeout) {

	public ChatRequest {
		Assert.notEmpty(messages, "messages must not be empty");
		messages = List.copyOf(messages);
	}

	/**
	 * A request with the configured timeout.
	 * @param model the model, {@code null} for the default
	 * @param messages the conversation
	 * @param maxTokens the most tokens to generate, or {@code null}
	 * @param temperature the sampling temperature, or {@code null}
	 */
	public ChatRequest(@Nullable String model, List<ChatMessage> messages, @Nullable Integer maxTokens,
			@Nullable Double temperature) {
		this(model, messages, maxTokens, temperature, null);
	}

	/**
	 * A request to the default model with the server's default sampling parameters.
	 * @param messages the conversation
	 * @return the request
	 */
	public static ChatRequest of(ChatMessage... messages) {
		return new ChatRequest(null, List.of(messages), null, null);
	}

	public ChatRequest withModel(@Nullable String model) {
		return new ChatRequest(model, this.messages, this.maxTokens, this.temperature, this.timeout);
	}

	public ChatRequest withMaxTokens(@Nullable Integer maxTokens) {
		return new ChatRequest(this.model, this.messages, maxTokens, this.temperature, this.timeout);
	}

	public ChatRequest withTemperature(@Nullable Double temperature) {
		return new ChatRequest(this.model, this.messages, this.maxTokens, temperature, this.timeout);
	}

	public ChatRequest withTimeout(@Nullable Duration timeout) {
		return new ChatRequest(this.model, this.messages, this.maxTokens, this.temperature, timeout);
	}

	/** Without the messages' content, which must not reach logs. */
	@Override
	public String toString() {
		return "ChatRequest[model=" + this.model + ", messages=" + this.messages + ", maxTokens=" + this.maxTokens
				+ ", temperature=" + this.temperature + ", timeout=" + this.timeout + "]";
	}

}
