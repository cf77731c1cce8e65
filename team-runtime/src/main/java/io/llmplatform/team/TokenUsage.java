package io.llmplatform.team;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Tokens a prediction used, as the model reported them.
 *
 * @param inputTokens prompt tokens
 * @param outputTokens generated tokens
 */
public record TokenUsage(@JsonProperty("input_tokens") int inputTokens,
		@JsonProperty("output_tokens") int outputTokens) {

	public static final TokenUsage UNKNOWN = new TokenUsage(0, 0);

	/**
	 * Both usages added, for answers that took several model calls.
	 * @param other the other usage
	 * @return the sum
	 */
	public TokenUsage plus(TokenUsage other) {
		return new TokenUsage(this.inputTokens + other.inputTokens, this.outputTokens + other.outputTokens);
	}

}
