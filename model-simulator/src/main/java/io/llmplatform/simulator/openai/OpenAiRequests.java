package io.llmplatform.simulator.openai;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.llmplatform.simulator.engine.ChatTemplate;

/** Reads the prompt parts of OpenAI-style requests (also used by SageMaker's Messages-API bodies). */
public final class OpenAiRequests {

	private OpenAiRequests() {
	}

	/** {@code messages}: each a role and either a string or a list of {@code {"type":"text","text":...}} parts. */
	public static List<ChatTemplate.Message> messages(JsonNode body) {
		JsonNode messages = body.path("messages");
		if (!messages.isArray() || messages.isEmpty()) {
			throw new BadRequestException("messages must be a non-empty list", "messages");
		}
		List<ChatTemplate.Message> result = new ArrayList<>(messages.size());
		for (JsonNode message : messages) {
			String role = message.path("role").isString() ? message.path("role").stringValue() : null;
			if (role == null) {
				throw new BadRequestException("every message needs a role", "messages");
			}
			result.add(new ChatTemplate.Message(role, content(message.path("content"))));
		}
		return result;
	}

	/** {@code prompt} of /v1/completions: a string, or a list holding one string. */
	public static String prompt(JsonNode body) {
		JsonNode prompt = body.path("prompt");
		if (prompt.isString()) {
			return prompt.stringValue();
		}
		if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isString()) {
			return prompt.get(0).stringValue();
		}
		throw new BadRequestException("prompt must be a string (batched and token-id prompts are not simulated)",
				"prompt");
	}

	private static String content(JsonNode content) {
		if (content.isString()) {
			return content.stringValue();
		}
		if (content.isNull() || content.isMissingNode()) {
			return "";
		}
		if (content.isArray()) {
			StringBuilder text = new StringBuilder();
			for (JsonNode part : content) {
				if ("text".equals(part.path("type").asString(""))) {
					text.append(part.path("text").asString(""));
				}
			}
			return text.toString();
		}
		throw new BadRequestException("message content must be a string or a list of parts", "messages");
	}

}
