package io.llmplatform.team;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/{team}/predict}: a prompt or chat messages (exactly one of
 * them) and generation parameters. Limits are documented in the README and enforced here.
 *
 * @param prompt a single user prompt
 * @param messages a chat conversation
 * @param maxTokens most tokens to generate (1 to {@value #MAX_TOKENS_LIMIT}, default {@value #DEFAULT_MAX_TOKENS})
 * @param temperature sampling temperature (0 to 2, default 0.7)
 * @param stream whether the model is asked to stream (the answer is still returned whole;
 * streaming measures time to first token)
 */
public record PredictRequest(@Nullable @Size(max = MAX_PROMPT_CHARS) String prompt,
		@Nullable @Size(min = 1, max = MAX_MESSAGES) List<@Valid ChatTurn> messages,
		@JsonProperty("max_tokens") @Nullable @Min(1) @Max(MAX_TOKENS_LIMIT) Integer maxTokens,
		@Nullable @DecimalMin("0.0") @DecimalMax("2.0") Double temperature, @Nullable Boolean stream) {

	/** Longest accepted prompt, in characters. */
	public static final int MAX_PROMPT_CHARS = 32_000;

	/** Most chat messages accepted. */
	public static final int MAX_MESSAGES = 64;

	/** Highest accepted {@code max_tokens}. */
	public static final int MAX_TOKENS_LIMIT = 4096;

	/** {@code max_tokens} when the request has none. */
	public static final int DEFAULT_MAX_TOKENS = 256;

	/** Temperature when the request has none. */
	public static final double DEFAULT_TEMPERATURE = 0.7;

	@AssertTrue(message = "exactly one of prompt and messages is required")
	@JsonProperty(access = JsonProperty.Access.READ_ONLY)
	boolean isPromptXorMessages() {
		boolean hasPrompt = this.prompt != null && !this.prompt.isBlank();
		boolean hasMessages = this.messages != null && !this.messages.isEmpty();
		return hasPrompt != hasMessages;
	}

	/**
	 * The request as the model sees it.
	 * @return the normalised input
	 */
	public PredictInput toInput() {
		List<ChatTurn> turns = (this.messages != null && !this.messages.isEmpty()) ? List.copyOf(this.messages)
				: List.of(ChatTurn.user(this.prompt));
		return new PredictInput(turns, (this.maxTokens != null) ? this.maxTokens : DEFAULT_MAX_TOKENS,
				(this.temperature != null) ? this.temperature : DEFAULT_TEMPERATURE, Boolean.TRUE.equals(this.stream));
	}

}
