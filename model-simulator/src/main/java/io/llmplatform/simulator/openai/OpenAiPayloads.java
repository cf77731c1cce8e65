package io.llmplatform.simulator.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.json.JsonMapper;

import io.llmplatform.simulator.engine.GenerationPlan;

/**
 * The JSON bodies of the OpenAI API as vLLM writes them: completions, chat completions, their streamed
 * chunks and the usage block.
 */
public final class OpenAiPayloads {

	private final JsonMapper json;

	public OpenAiPayloads(JsonMapper json) {
		this.json = json;
	}

	public static String newId(String prefix) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return prefix + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

	public String write(Object body) {
		return json.writeValueAsString(body);
	}

	public byte[] writeBytes(Object body) {
		return json.writeValueAsBytes(body);
	}

	public Map<String, Object> chatCompletion(String id, String model, long created, GenerationPlan plan) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", plan.text());
		message.put("refusal", null);
		message.put("annotations", null);
		message.put("audio", null);
		message.put("function_call", null);
		message.put("tool_calls", List.of());
		message.put("reasoning_content", null);
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("logprobs", null);
		choice.put("finish_reason", plan.finishReason());
		choice.put("stop_reason", null);
		Map<String, Object> body = envelope(id, "chat.completion", created, model);
		body.put("choices", List.of(choice));
		body.put("service_tier", null);
		body.put("system_fingerprint", null);
		body.put("usage", usage(plan, plan.completionTokens()));
		body.put("prompt_logprobs", null);
		body.put("kv_transfer_params", null);
		return body;
	}

	public Map<String, Object> completion(String id, String model, long created, GenerationPlan plan) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("text", plan.text());
		choice.put("logprobs", null);
		choice.put("finish_reason", plan.finishReason());
		choice.put("stop_reason", null);
		choice.put("prompt_logprobs", null);
		Map<String, Object> body = envelope(id, "text_completion", created, model);
		body.put("choices", List.of(choice));
		body.put("service_tier", null);
		body.put("system_fingerprint", null);
		body.put("usage", usage(plan, plan.completionTokens()));
		body.put("kv_transfer_params", null);
		return body;
	}

	/** A chat chunk; {@code role} only on the first, {@code finishReason} only on the last token's chunk. */
	public Map<String, Object> chatChunk(String id, String model, long created, String role, String content,
			String finishReason) {
		Map<String, Object> delta = new LinkedHashMap<>();
		if (role != null) {
			delta.put("role", role);
		}
		delta.put("content", content);
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("delta", delta);
		choice.put("logprobs", null);
		choice.put("finish_reason", finishReason);
		if (finishReason != null) {
			choice.put("stop_reason", null);
		}
		Map<String, Object> chunk = envelope(id, "chat.completion.chunk", created, model);
		chunk.put("choices", List.of(choice));
		return chunk;
	}

	public Map<String, Object> completionChunk(String id, String model, long created, String text, String finishReason) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("text", text);
		choice.put("logprobs", null);
		choice.put("finish_reason", finishReason);
		choice.put("stop_reason", null);
		Map<String, Object> chunk = envelope(id, "text_completion", created, model);
		chunk.put("choices", List.of(choice));
		return chunk;
	}

	/** The extra last chunk of {@code stream_options.include_usage}: no choices, the usage of the request. */
	public Map<String, Object> usageChunk(String id, String object, String model, long created, GenerationPlan plan,
			int completionTokens) {
		Map<String, Object> chunk = envelope(id, object, created, model);
		chunk.put("choices", new ArrayList<>());
		chunk.put("usage", usage(plan, completionTokens));
		return chunk;
	}

	public Map<String, Object> usage(GenerationPlan plan, int completionTokens) {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("prompt_tokens", plan.promptTokens());
		usage.put("total_tokens", plan.promptTokens() + completionTokens);
		usage.put("completion_tokens", completionTokens);
		usage.put("prompt_tokens_details", null);
		return usage;
	}

	private static Map<String, Object> envelope(String id, String object, long created, String model) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("object", object);
		body.put("created", created);
		body.put("model", model);
		return body;
	}

}
