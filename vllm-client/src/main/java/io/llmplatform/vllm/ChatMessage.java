package io.llmplatform.vllm;

import org.springframework.util.Assert;

/**
 * One message of a chat.
 *
 * @param role {@code system}, {@code user}, {@code assistant} (or any role the model's chat
 * template knows)
 * @param content the text
 */
public record ChatMessage(String role, String content) {

	public ChatMessage {
		Assert.hasText(role, "role must not be empty");
		Assert.notNull(content, "content must not be null");
	}

	public static ChatMessage system(String content) {
		return new ChatMessage("system", content);
	}

	public static ChatMessage user(String content) {
		return new ChatMessage("user", content);
	}

	public static ChatMessage assistant(String content) {
		return new ChatMessage("assistant", content);
	}

	/** Without the content, which may be a prompt and must not reach logs. */
	@Override
	public String toString() {
		return "ChatMessage[role=" + this.role + ", content=(" + this.content.length() + " chars)]";
	}

}
