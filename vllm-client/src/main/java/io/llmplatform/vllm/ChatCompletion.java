package io.llmplatform.vllm;

import org.jspecify.annotations.Nullable;

/**
 * A chat answer (the first choice).
 *
 * @param id the server's id of the completion ({@code chatcmpl-...})
 * @param model the model that answered
 * @param content the assistant's text ({@code ""} when there was none)
 * @param finishReason why generation stopped ({@code stop}, {@code length}, ...), if reported
 * @param usage token usage, if reported
 */
public record ChatCompletion(String id, String model, String content, @Nullable String finishReason,
		@Nullable Usage usage) {

	/** Without the content, which must not reach logs. */
	@Override
	public String toString() {
		return "ChatCompletion[id=" + this.id + ", model=" + this.model + ", content=(" + this.content.length()
				+ " chars), finishReason=" + this.finishReason + ", usage=" + this.usage + "]";
	}

}
