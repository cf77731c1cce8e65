package io.llmplatform.simulator;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import io.llmplatform.simulator.engine.ChatTemplate;
import io.llmplatform.simulator.engine.Tokenizer;
import io.llmplatform.simulator.faults.FaultRegistry;
import io.llmplatform.simulator.faults.FaultSpec;

import static org.assertj.core.api.Assertions.assertThat;

/** vLLM's OpenAI-compatible API over plain HTTP, as an OpenAI-style client sees it. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OpenAiWireTests {

	private static final String CHAT = "{\"model\": \"llm-baseline\", \"messages\": ["
			+ "{\"role\": \"system\", \"content\": \"You are terse.\"},"
			+ "{\"role\": \"user\", \"content\": \"Explain KV caches in one line.\"}], \"max_tokens\": %d%s}";

	private static final List<ChatTemplate.Message> CHAT_MESSAGES = List.of(
			new ChatTemplate.Message("system", "You are terse."),
			new ChatTemplate.Message("user", "Explain KV caches in one line."));

	@LocalServerPort
	int port;

	@Autowired
	FaultRegistry faults;

	private final Tokenizer tokenizer = new Tokenizer();

	private SimulatorClient client;

	@BeforeEach
	void createClient() {
		client = new SimulatorClient(port);
	}

	@AfterEach
	void clearFaults() {
		faults.clearAll();
	}

	@Test
	void chatCompletionCarriesUsageConsistentWithTheTokenModel() {
		HttpResponse<String> response = client.post("/v1/chat/completions", CHAT.formatted(200, ""));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/json"));
		JsonNode body = SimulatorClient.json(response);
		assertThat(body.get("object").stringValue()).isEqualTo("chat.completion");
		assertThat(body.get("id").stringValue()).startsWith("chatcmpl-");
		assertThat(body.get("model").stringValue()).isEqualTo("llm-baseline");
		String content = body.at("/choices/0/message/content").stringValue();
		assertThat(body.at("/choices/0/message/role").stringValue()).isEqualTo("assistant");
		assertThat(body.at("/choices/0/finish_reason").stringValue()).isEqualTo("stop");
		int completion = body.at("/usage/completion_tokens").asInt();
		int prompt = body.at("/usage/prompt_tokens").asInt();
		assertThat(completion).isEqualTo(tokenizer.count(content)).isBetween(8, 48);
		assertThat(prompt).isEqualTo(tokenizer.count(ChatTemplate.render(CHAT_MESSAGES)));
		assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(prompt + completion);
	}

	@Test
	void maxTokensTruncatesWithFinishReasonLength() {
		JsonNode body = SimulatorClient.json(client.post("/v1/chat/completions", CHAT.formatted(3, "")));

		assertThat(body.at("/choices/0/finish_reason").stringValue()).isEqualTo("length");
		assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
		assertThat(tokenizer.count(body.at("/choices/0/message/content").stringValue())).isEqualTo(3);
	}

	@Test
	void streamedChatSendsRoleFirstFinishReasonLastThenUsageThenDone() {
		HttpResponse<String> response = client.post("/v1/chat/completions",
				CHAT.formatted(200, ", \"stream\": true, \"stream_options\": {\"include_usage\": true}"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("text/event-stream"));
		List<String> events = SimulatorClient.sseData(response.body());
		assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
		List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(SimulatorClient.JSON::readTree).toList();
		JsonNode first = chunks.get(0);
		assertThat(first.get("object").stringValue()).isEqualTo("chat.completion.chunk");
		assertThat(first.at("/choices/0/delta/role").stringValue()).isEqualTo("assistant");
		JsonNode usageChunk = chunks.get(chunks.size() - 1);
		assertThat(usageChunk.get("choices")).isEmpty();
		List<JsonNode> tokenChunks = chunks.subList(1, chunks.size() - 1);
		StringBuilder content = new StringBuilder();
		for (int i = 0; i < tokenChunks.size(); i++) {
			JsonNode chunk = tokenChunks.get(i);
			assertThat(chunk.get("id").stringValue()).isEqualTo(first.get("id").stringValue());
			content.append(chunk.at("/choices/0/delta/content").stringValue());
			boolean last = i == tokenChunks.size() - 1;
			assertThat(chunk.at("/choices/0/finish_reason").isNull()).isEqualTo(!last);
		}
		assertThat(tokenChunks.get(tokenChunks.size() - 1).at("/choices/0/finish_reason").stringValue()).isEqualTo("stop");
		assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(tokenChunks.size())
			.isEqualTo(tokenizer.count(content.toString()));
		assertThat(usageChunk.at("/usage/prompt_tokens").asInt())
			.isEqualTo(tokenizer.count(ChatTemplate.render(CHAT_MESSAGES)));
	}

	@Test
	void streamWithoutIncludeUsageHasNoUsageChunk() {
		List<String> events = SimulatorClient.sseData(client.post("/v1/chat/completions",
				CHAT.formatted(4, ", \"stream\": true")).body());

		assertThat(events).hasSize(1 + 4 + 1);
		assertThat(events).noneMatch(event -> event.contains("\"usage\""));
	}

	@Test
	void completionAnswersTextCompletion() {
		String prompt = "The three laws of robotics are";
		JsonNode body = SimulatorClient.json(client.post("/v1/completions",
				"{\"model\": \"llm-baseline\", \"prompt\": \"" + prompt + "\", \"max_tokens\": 16}"));

		assertThat(body.get("object").stringValue()).isEqualTo("text_completion");
		assertThat(body.get("id").stringValue()).startsWith("cmpl-");
		String text = body.at("/choices/0/text").stringValue();
		assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(tokenizer.count(prompt)).isEqualTo(6);
		assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(tokenizer.count(text)).isLessThanOrEqualTo(16);
	}

	@Test
	void streamedCompletionEndsWithUsageAndDone() {
		List<String> events = SimulatorClient.sseData(client.post("/v1/completions",
				"{\"model\": \"llm-baseline\", \"prompt\": \"Once upon\", \"max_tokens\": 5, \"stream\": true,"
						+ " \"stream_options\": {\"include_usage\": true}}").body());

		assertThat(events).hasSize(5 + 1 + 1);
		StringBuilder text = new StringBuilder();
		for (String event : events.subList(0, 5)) {
			JsonNode chunk = SimulatorClient.JSON.readTree(event);
			assertThat(chunk.get("object").stringValue()).isEqualTo("text_completion");
			text.append(chunk.at("/choices/0/text").stringValue());
		}
		assertThat(SimulatorClient.JSON.readTree(events.get(4)).at("/choices/0/finish_reason").stringValue())
			.isEqualTo("length");
		JsonNode usage = SimulatorClient.JSON.readTree(events.get(5)).get("usage");
		assertThat(usage.get("completion_tokens").asInt()).isEqualTo(5).isEqualTo(tokenizer.count(text.toString()));
		assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(2);
		assertThat(events.get(6)).isEqualTo("[DONE]");
	}

	@Test
	void modelsListsTheServedModels() {
		JsonNode body = SimulatorClient.json(client.get("/v1/models"));

		assertThat(body.get("object").stringValue()).isEqualTo("list");
		assertThat(body.at("/data/0/id").stringValue()).isEqualTo("llm-baseline");
		assertThat(body.at("/data/0/object").stringValue()).isEqualTo("model");
		assertThat(body.at("/data/0/owned_by").stringValue()).isEqualTo("vllm");
	}

	@Test
	void unknownModelIs404InOpenAiErrorShape() {
		HttpResponse<String> response = client.post("/v1/chat/completions",
				"{\"model\": \"gpt-9\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");

		assertThat(response.statusCode()).isEqualTo(404);
		assertError(response, "NotFoundError", 404);
		assertThat(SimulatorClient.json(response).at("/error/message").stringValue())
			.isEqualTo("The model `gpt-9` does not exist.");
	}

	@Test
	void badRequestsAre400() {
		assertError(client.post("/v1/chat/completions", CHAT.formatted(0, "")), "BadRequestError", 400);
		assertError(client.post("/v1/chat/completions", "{\"model\": \"llm-baseline\", \"messages\": []}"),
				"BadRequestError", 400);
		assertError(client.post("/v1/completions", "not json"), "BadRequestError", 400);
		assertError(client.post("/v1/chat/completions", CHAT.formatted(100_000, "")), "BadRequestError", 400);
	}

	@Test
	void injectedErrorsUseOpenAiStatusesAndTypes() {
		Map<String, Object[]> expected = Map.of("throttled", new Object[] { 429, "RateLimitError" }, "unavailable",
				new Object[] { 503, "ServiceUnavailableError" }, "internal",
				new Object[] { 500, "InternalServerError" }, "model_error", new Object[] { 500, "InternalServerError" },
				"validation", new Object[] { 400, "BadRequestError" });
		expected.forEach((errorType, statusAndType) -> {
			FaultSpec spec = new FaultSpec();
			spec.setErrorRates(new HashMap<>(Map.of(errorType, 1.0)));
			faults.set("llm-baseline", spec);
			HttpResponse<String> streamed = client.post("/v1/chat/completions", CHAT.formatted(5, ", \"stream\": true"));
			assertError(streamed, (String) statusAndType[1], (Integer) statusAndType[0]);
			assertError(client.post("/v1/completions", "{\"model\": \"llm-baseline\", \"prompt\": \"x\"}"),
					(String) statusAndType[1], (Integer) statusAndType[0]);
		});
	}

	@Test
	void hangBoundedByHangMaxEndsAsGatewayTimeout() {
		FaultSpec spec = new FaultSpec();
		spec.setHangRate(1);
		spec.setHangMaxMs(200);
		faults.set("llm-baseline", spec);

		assertError(client.post("/v1/chat/completions", CHAT.formatted(5, "")), "GatewayTimeoutError", 504);
	}

	private static void assertError(HttpResponse<String> response, String type, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonNode error = SimulatorClient.json(response).get("error");
		assertThat(error.get("type").stringValue()).isEqualTo(type);
		assertThat(error.get("code").asInt()).isEqualTo(status);
		assertThat(error.get("message").stringValue()).isNotBlank();
	}

}
