package io.llmplatform.vllm.internal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI-compatible wire format as far as the client reads and writes it, bound by
 * Jackson: request bodies, answers, stream chunks and errors. Fields the client does not use
 * are ignored; absent ones are {@code null}. Internal.
 */
final class OpenAiWire {

	private OpenAiWire() {
	}

	/** The body of {@code /v1/chat/completions} and {@code /v1/completions}; unset parameters left out. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record RequestBody(String model, @Nullable List<Message> messages, @Nullable String prompt,
			@JsonProperty("max_tokens") @Nullable Integer maxTokens, @Nullable Double temperature,
			@Nullable Boolean stream, @JsonProperty("stream_options") @Nullable StreamOptions streamOptions) {

	}

	/** One chat message of a request. */
	record Message(String role, String content) {

	}

	/** Asks a stream to end with a chunk that carries the usage. */
	record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {

	}

	/**
	 * An answer, a stream chunk or an error: they share one shape. An error is either the
	 * {@code error} object (current vLLM) or the same fields at the top level with
	 * {@code "object": "error"} (older vLLM).
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Response(@Nullable String id, @Nullable String object, @Nullable String model,
			@Nullable List<Choice> choices, @Nullable Usage usage, @Nullable ErrorFields error,
			@Nullable String type, @Nullable String message, @Nullable Object code) {

		@Nullable Choice firstChoice() {
			return (this.choices != null && !this.choices.isEmpty()) ? this.choices.get(0) : null;
		}

		/** Whether this is an error (an SSE error event, or the body of a failed answer). */
		boolean isError() {
			return this.error != null || "error".equals(this.object);
		}

		/** The error's fields, wherever the server put them. */
		ErrorFields errorFields() {
			return (this.error != null) ? this.error : new ErrorFields(this.type, this.message, this.code);
		}

	}

	/** One choice: {@code message} (chat), {@code delta} (chat stream) or {@code text} (completions). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Choice(@Nullable Content message, @Nullable Content delta, @Nullable String text,
			@JsonProperty("finish_reason") @Nullable String finishReason) {

	}

	/** The text of a chat message or delta. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Content(@Nullable String content) {

	}

	/** Token counts. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Usage(@JsonProperty("prompt_tokens") @Nullable Integer promptTokens,
			@JsonProperty("completion_tokens") @Nullable Integer completionTokens) {

	}

	/** {@code {"message", "type", "code"}}; vLLM puts the HTTP status in {@code code}, others a string. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ErrorFields(@Nullable String type, @Nullable String message, @Nullable Object code) {

		int numericCode() {
			return (this.code instanceof Number number) ? number.intValue() : 0;
		}

	}

}
