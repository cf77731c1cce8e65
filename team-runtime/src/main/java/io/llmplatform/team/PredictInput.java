package io.llmplatform.team;

import java.util.List;

/**
 * A validated prediction request, normalised to chat messages.
 *
 * @param messages the conversation, last message from the user
 * @param maxTokens most tokens to generate
 * @param temperature sampling temperature
 * @param stream whether to stream from the model
 */
public record PredictInput(List<ChatTurn> messages, int maxTokens, double temperature, boolean stream) {

	/**
	 * The same parameters with other messages (e.g. a judge prompt built from this request).
	 * @param messages the new conversation
	 * @return the new input
	 */
	public PredictInput withMessages(List<ChatTurn> messages) {
		return new PredictInput(messages, this.maxTokens, this.temperature, this.stream);
	}

}
