package io.llmplatform.vllm.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiErrorBodyTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsTheCurrentVllmShape() {
		OpenAiErrorBody error = read(
				"{\"error\": {\"message\": \"Rate limit exceeded.\", \"type\": \"RateLimitError\", \"param\": null, \"code\": 429}}");
		assertThat(error).isEqualTo(new OpenAiErrorBody("RateLimitError", "Rate limit exceeded.", 429));
	}

	@Test
	void readsTheOlderTopLevelShape() {
		OpenAiErrorBody error = read(
				"{\"object\": \"error\", \"message\": \"bad\", \"type\": \"BadRequestError\", \"param\": null, \"code\": 400}");
		assertThat(error).isEqualTo(new OpenAiErrorBody("BadRequestError", "bad", 400));
	}

	@Test
	void anythingElseIsNoError() {
		assertThat(read("<html>502 Bad Gateway</html>")).isEqualTo(OpenAiErrorBody.EMPTY);
		assertThat(read("")).isEqualTo(OpenAiErrorBody.EMPTY);
		assertThat(read("{\"detail\": \"Not Found\"}")).isEqualTo(OpenAiErrorBody.EMPTY);
	}

	@Test
	void aMessageThatQuotesThePromptIsDropped() {
		String prompt = "My account number is 12345678 and my secret is hunter2, please help";
		assertThat(OpenAiErrorBody.screen("Invalid prompt: 'My account number is 12345678 and my s...'",
				List.of(prompt)))
			.isNull();
		assertThat(OpenAiErrorBody.screen("rejected: hunter2!", List.of("hunter2!"))).isNull();
		assertThat(OpenAiErrorBody.screen("[{'type': 'missing', 'loc': ['body'], 'input': {}}]", List.of()))
			.isNull();
	}

	@Test
	void aMessageThatDoesNotQuoteThePromptIsKeptShortened() {
		assertThat(OpenAiErrorBody.screen("The model `x` does not exist.", List.of("Say hello to everyone", "hi")))
			.isEqualTo("The model `x` does not exist.");
		String longMessage = "x".repeat(1000);
		assertThat(OpenAiErrorBody.screen(longMessage, List.of()))
			.hasSize(OpenAiErrorBody.MAX_MESSAGE_LENGTH + 3)
			.endsWith("...");
	}

	private OpenAiErrorBody read(String body) {
		return OpenAiErrorBody.read(this.json, body.getBytes(StandardCharsets.UTF_8), List.of());
	}

}
