package io.llmplatform.genai;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one error vocabulary: its values, whose fault each is, and what may be retried.
 */
class ErrorTypeTests {

	@Test
	void theVocabularyIsTheDocumentedOne() {
		assertThat(Arrays.stream(ErrorType.values()).map(ErrorType::value)).containsExactly("timeout", "throttled",
				"unavailable", "connection", "internal", "model_error", "invalid_request", "context_length_exceeded",
				"unauthorized", "circuit_open", "bulkhead_full", "judge_reply_unparseable");
	}

	@Test
	void valuesAreLookedUpExactly() {
		assertThat(ErrorType.of("context_length_exceeded")).contains(ErrorType.CONTEXT_LENGTH_EXCEEDED);
		assertThat(ErrorType.of("rate_limited")).isEmpty();
		assertThat(ErrorType.THROTTLED).hasToString("throttled");
	}

	@Test
	void onlyTransientServerFaultsAreRetryable() {
		assertThat(ErrorType.values()).filteredOn(ErrorType::isRetryable)
			.containsExactlyInAnyOrder(ErrorType.TIMEOUT, ErrorType.THROTTLED, ErrorType.UNAVAILABLE,
					ErrorType.CONNECTION, ErrorType.INTERNAL);
		assertThat(ErrorType.values()).filteredOn(ErrorType::isRetryable).allMatch(ErrorType::isServerFault);
	}

	@Test
	void aPromptBeyondTheContextIsTheCallersError() {
		assertThat(ErrorType.CONTEXT_LENGTH_EXCEEDED.isCallerError()).isTrue();
		assertThat(ErrorType.CONTEXT_LENGTH_EXCEEDED.isServerFault()).isFalse();
		assertThat(ErrorType.CIRCUIT_OPEN.isServerFault()).isFalse();
	}

}
