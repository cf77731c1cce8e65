package io.llmplatform.vllm;

/**
 * Token usage as the server reported it.
 *
 * @param promptTokens tokens of the prompt (after the chat template)
 * @param completionTokens tokens generated
 */
public record Usage(int promptTokens, int completionTokens) {

	public int totalTokens() {
		return this.promptTokens + this.completionTokens;
	}

}
