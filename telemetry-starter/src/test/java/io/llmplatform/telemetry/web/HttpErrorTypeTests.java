package io.llmplatform.telemetry.web;

import java.util.HashMap;
import java.util.Map;

import io.llmplatform.genai.ErrorType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpErrorTypeTests {

	@Test
	void theSuitesErrorTypeComesFirst() {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(ErrorType.ATTRIBUTE, "quota_exceeded");
		assertThat(HttpErrorType.of(attributes, new IllegalStateException())).isEqualTo("quota_exceeded");
	}

	@Test
	void otherwiseTheExceptionsClassThenNone() {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(ErrorType.ATTRIBUTE, 42);
		assertThat(HttpErrorType.of(attributes, new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
		assertThat(HttpErrorType.of(null, null)).isEqualTo("none");
		assertThat(HttpErrorType.of(Map.of(), null)).isEqualTo("none");
	}

}
