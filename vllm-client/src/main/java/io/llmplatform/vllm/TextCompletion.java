package io.llmplatform.vllm;

import org.jspecify.annotations.Nullable;

/**
 * A text completion answer (the first choice).
 *
 * @param id the server's id of the completion ({@code cmpl-...})
 * @param model the model that answered
 * @param text the generated text
 * @param finishReason why generation stopped ({@code stop}, {@code length}, ...), if reported
 * @param usage token usage, if reported
 */
public record TextCompletion(String id, String model, String text, @Nullable String finishReason,
		@Nullable Usage usage) {

	/** Without the text, which must not reach logs. */
	@Override
	public String toString() {
		return "TextCompletion[id=" + this.id + ", model=" + this.model + ", text=(" + this.text.length()
				+ " chars), finishReason=" + this.finishReason + ", usage=" + this.usage + "]";
	}

}
