package io.llmplatform.genai;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation with a model, as captured on the GenAI span: its role and its
 * text, and for an answer the reason generation stopped. Rendered by {@link GenAiMessages} in
 * the OpenTelemetry GenAI message shape.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the message's text
 * @param finishReason why generation stopped (answers only), {@code null} for a prompt message
 * or when the model did not say
 */
public record GenAiMessage(String role, String content, @Nullable String finishReason) {

	/** Role of the model's answer. */
	public static final String ASSISTANT = "assistant";

	/** Role of the caller's input. */
	public static final String USER = "user";

	public GenAiMessage {
		Objects.requireNonNull(role, "role must not be null");
		Objects.requireNonNull(content, "content must not be null");
	}

	/**
	 * A message of the prompt.
	 * @param role the role, as the provider's API names it
	 * @param content the text
	 * @return the message
	 */
	public static GenAiMessage of(String role, String content) {
		return new GenAiMessage(role, content, null);
	}

	/**
	 * A prompt that is one piece of text (a text completion, a raw endpoint body).
	 * @param content the text
	 * @return the message
	 */
	public static GenAiMessage user(String content) {
		return of(USER, content);
	}

	/**
	 * The model's answer.
	 * @param content the text
	 * @param finishReason why generation stopped, if the model said
	 * @return the message
	 */
	public static GenAiMessage answer(String content, @Nullable String finishReason) {
		return new GenAiMessage(ASSISTANT, content, finishReason);
	}

}
