package io.llmplatform.team;

import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PredictRequestValidationTests {

	private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	@Test
	void promptAloneIsValidAndGetsDefaults() {
		PredictRequest request = new PredictRequest("Hello?", null, null, null, null);
		assertThat(this.validator.validate(request)).isEmpty();
		PredictInput input = request.toInput();
		assertThat(input.messages()).containsExactly(ChatTurn.user("Hello?"));
		assertThat(input.maxTokens()).isEqualTo(PredictRequest.DEFAULT_MAX_TOKENS);
		assertThat(input.temperature()).isEqualTo(PredictRequest.DEFAULT_TEMPERATURE);
		assertThat(input.stream()).isFalse();
	}

	@Test
	void exactlyOneOfPromptAndMessages() {
		assertThat(messages(new PredictRequest(null, null, 10, null, null)))
			.contains("exactly one of prompt and messages is required");
		assertThat(messages(new PredictRequest("a", List.of(ChatTurn.user("b")), 10, null, null)))
			.contains("exactly one of prompt and messages is required");
	}

	@Test
	void limitsAreEnforced() {
		assertThat(violations(new PredictRequest("x", null, 0, null, null))).contains("maxTokens");
		assertThat(violations(new PredictRequest("x", null, PredictRequest.MAX_TOKENS_LIMIT + 1, null, null)))
			.contains("maxTokens");
		assertThat(violations(new PredictRequest("x", null, null, 2.5, null))).contains("temperature");
		assertThat(violations(new PredictRequest("x".repeat(PredictRequest.MAX_PROMPT_CHARS + 1), null, null, null,
				null)))
			.contains("prompt");
		assertThat(violations(new PredictRequest(null, List.of(new ChatTurn("robot", "hi")), null, null, null)))
			.contains("messages[0].role");
		assertThat(violations(new PredictRequest(null, List.of(new ChatTurn("user", " ")), null, null, null)))
			.contains("messages[0].content");
	}

	private Set<String> violations(PredictRequest request) {
		return this.validator.validate(request)
			.stream()
			.map((violation) -> violation.getPropertyPath().toString())
			.collect(java.util.stream.Collectors.toSet());
	}

	private Set<String> messages(PredictRequest request) {
		Set<ConstraintViolation<PredictRequest>> result = this.validator.validate(request);
		return result.stream().map(ConstraintViolation::getMessage).collect(java.util.stream.Collectors.toSet());
	}

}
