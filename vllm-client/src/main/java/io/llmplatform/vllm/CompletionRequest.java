package io.llmplatform.vllm;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A text completion request.
 *
 * @param model the model to ask; {@code null} for the configured default ({@code vllm.client.model})
 * @param prompt the text to complete
 * @param maxTokens the most tokens to generate; {@code null} for the server's default
 * @param temperature the sampling temperature; {@code null} for the server's default
 */
public record CompletionRequest(@Nullable String model, String prompt, @Nullable Integer maxTokens,
		@Nullable Double temperature) {

	public CompletionRequest {
		Assert.notNull(prompt, "prompt must not be null");
	}

	/**
	 * A request to the default model with the server's default sampling parameters.
	 * @param prompt the text to complete
	 * @return the request
	 */
	public static CompletionRequest of(String prompt) {
		return new CompletionRequest(null, prompt, null, null);
	}

	public CompletionRequest withModel(@Nullable String model) {
		return new CompletionRequest(model, this.prompt, this.maxTokens, this.temperature);
	}

	public CompletionRequest withMaxTokens(@Nullable Integer maxTokens) {
		return new CompletionRequest(this.model, this.prompt, maxTokens, this.temperature);
	}

	public CompletionRequest withTemperature(@Nullable Double temperature) {
		return new CompletionRequest(this.model, this.prompt, this.maxTokens, temperature);
	}

	/** Without the prompt, which must not reach logs. */
	@Override
	public String toString() {
		return "CompletionRequest[model=" + this.model + ", prompt=(" + this.prompt.length() + " chars), maxTokens="
				+ this.maxTokens + ", temperature=" + this.temperature + "]";
	}

}
