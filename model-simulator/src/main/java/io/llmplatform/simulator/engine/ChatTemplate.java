package io.llmplatform.simulator.engine;

import java.util.List;

/**
 * Renders chat messages into one prompt, as a model's chat template does before tokenizing. Its markers
 * count as tokens, so a chat prompt costs more than the bare text of its messages, as with real models.
 */
public final class ChatTemplate {

	private ChatTemplate() {
	}

	/** One chat message: role and text. */
	public record Message(String role, String content) {
	}

	public static String render(List<Message> messages) {
		StringBuilder prompt = new StringBuilder();
		for (Message message : messages) {
			prompt.append("<|").append(message.role()).append("|>\n").append(message.content()).append("</s>\n");
		}
		return prompt.append("<|assistant|>\n").toString();
	}

}
