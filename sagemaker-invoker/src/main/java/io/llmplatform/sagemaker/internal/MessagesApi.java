package io.llmplatform.sagemaker.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.llmplatform.sagemaker.SageMakerMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Messages API body that LLM containers on SageMaker (TGI, LMI/vLLM) accept, and the
 * OpenAI {@code chat.completion} they answer with. Internal: not a stable API.
 */
public final class MessagesApi {

	private final JsonMapper json;

	public MessagesApi(JsonMapper json) {
		this.json = json;
	}

	/**
	 * {@code {"messages":[{"role","content"}...],"max_tokens":..,"temperature":..}}, unset
	 * parameters left out so that the container's defaults apply.
	 * @param messages the conversation
	 * @param maxTokens most tokens to generate
	 * @param temperature sampling temperature
	 * @return the UTF-8 JSON body
	 */
	public byte[] request(List<SageMakerMessage> messages, @Nullable Integer maxTokens, @Nullable Double temperature) {
		ObjectNode body = this.json.createObjectNode();
		ArrayNode array = body.putArray("messages");
		for (SageMakerMessage message : messages) {
			array.addObject().put("role", message.role()).put("content", message.content());
		}
		if (maxTokens != null) {
			body.put("max_tokens", maxTokens);
		}
		if (temperature != null) {
			body.put("temperature", temperature);
		}
		return this.json.writeValueAsBytes(body);
	}

	/**
	 * Reads a {@code chat.completion}.
	 * @param body the answer
	 * @return the first choice and the usage
	 * @throws InvalidAnswerException when the answer is not a chat completion
	 */
	public Answer answer(byte[] body) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			// The parser's message may quote the body: keep it out of the exception.
			throw new InvalidAnswerException("The answer is not JSON (" + body.length + " bytes)");
		}
		JsonNode choice = root.path("choices").path(0);
		JsonNode content = choice.path("message").path("content");
		if (!content.isString()) {
			throw new InvalidAnswerException("The answer has no choices[0].message.content");
		}
		JsonNode usage = root.path("usage");
		return new Answer(content.stringValue(), choice.path("finish_reason").stringValue(null),
				intOrNull(usage.path("prompt_tokens")), intOrNull(usage.path("completion_tokens")),
				root.path("model").stringValue(null));
	}

	private static @Nullable Integer intOrNull(JsonNode node) {
		return (node.isNumber() && node.canConvertToInt()) ? node.asInt() : null;
	}

	/**
	 * Whether a body of this content type is text worth capturing.
	 * @param contentType the MIME type
	 * @return whether it is JSON or text
	 */
	static boolean isText(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(java.util.Locale.ROOT);
		return type.startsWith("text/") || type.contains("json");
	}

	static String utf8(byte[] body) {
		return new String(body, StandardCharsets.UTF_8);
	}

	/**
	 * What a chat completion said.
	 *
	 * @param content the first choice's text
	 * @param finishReason why it stopped
	 * @param inputTokens prompt tokens
	 * @param outputTokens completion tokens
	 * @param model the model the container named
	 */
	public record Answer(String content, @Nullable String finishReason, @Nullable Integer inputTokens,
			@Nullable Integer outputTokens, @Nullable String model) {

	}

	/** The endpoint answered 200 with something that is not a chat completion. */
	public static final class InvalidAnswerException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidAnswerException(String message) {
			super(message);
		}

	}

}
