package io.llmplatform.simulator.engine;

import java.util.List;

/**
 * What a model will answer to one request, decided before any time passes.
 *
 * @param promptTokens tokens of the prompt (after the chat template, for chat requests)
 * @param pieces the output, one token per piece (with the whitespace before it)
 * @param finishReason {@code stop} when the answer ended naturally, {@code length} when {@code max_tokens} cut it
 */
public record GenerationPlan(int promptTokens, List<String> pieces, String finishReason) {

	public int completionTokens() {
		return pieces.size();
	}

	public String text() {
		return String.join("", pieces);
	}

}
