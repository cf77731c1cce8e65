package io.llmplatform.sagemaker;

import java.util.Objects;

/**
 * One message of a chat conversation.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the message text
 */
public record SageMakerMessage(String role, String content) {

	public SageMakerMessage {
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(content, "content");
	}

	public static SageMakerMessage system(String content) {
		return new SageMakerMessage("system", content);
	}

	public static SageMakerMessage user(String content) {
		return new SageMakerMessage("user", content);
	}

	public static SageMakerMessage assistant(String content) {
		return new SageMakerMessage("assistant", content);
	}

	/** Never the content: prompts must not reach logs by accident. */
	@Override
	public String toString() {
		return "SageMakerMessage[role=" + this.role + ", content=(" + this.content.length() + " chars)]";
	}

}
