package io.llmplatform.vllm.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmplatform.genai.GenAiClientObservationContext;
import io.llmplatform.genai.GenAiTelemetry;
import io.llmplatform.vllm.ChatCompletion;
import io.llmplatform.vllm.ChatMessage;
import io.llmplatform.vllm.ChatRequest;
import io.llmplatform.vllm.CompletionRequest;
import io.llmplatform.vllm.Usage;
import io.llmplatform.vllm.VllmClientException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The client against answers the simulator does not give: streams broken off, error events,
 * unreadable bodies, older error shapes, echoed prompts, no server at all. A JDK HTTP server
 * on loopback plays the server; a recording observation handler shows what telemetry learns.
 */
class RestClientVllmClientTests {

	private static final String PROMPT = "A prompt that must stay private";

	private static HttpServer server;

	private static volatile Answer answer;

	private final RecordingTelemetry telemetry = new RecordingTelemetry();

	private RestClientVllmClient client;

	@BeforeAll
	static void startServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				answer.write(exchange);
			}
		});
		server.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
	}

	@BeforeEach
	void createClient() {
		this.client = client("http://127.0.0.1:" + server.getAddress().getPort());
	}

	private RestClientVllmClient client(String baseUrl) {
		RestClient restClient = RestClient.builder()
			.baseUrl(baseUrl)
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.build(HttpClientSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5))))
			.build();
		return new RestClientVllmClient(restClient, "test-model", Duration.ofSeconds(5), this.telemetry.genAi, baseUrl);
	}

	@Test
	void aStreamThatEndsBeforeDoneIsAConnectionFailureAfterItsDeltas() {
		answer = sse(200, chatChunk("Hel", null) + chatChunk("lo", null));
		List<String> deltas = new ArrayList<>();
		VllmClientException ex = catchThrowableOfType(VllmClientException.class,
				() -> this.client.chatStream(request(), deltas::add));
		assertThat(deltas).containsExactly("Hel", "lo");
		assertThat(ex.status()).isZero();
		assertThat(ex.telemetryErrorType()).isEqualTo("connection");
		assertThat(ex.getMessage()).contains("before [DONE]");
		assertThat(this.telemetry.events).containsExactly("start chat test-model", "prompt", "firstChunk",
				"error connection", "close");
	}

	@Test
	void anErrorEventInsideTheStreamFailsWithItsCodeAndType() {
		answer = sse(200, chatChunk("Hel", null)
				+ "data: {\"error\": {\"message\": \"EngineCore died\", \"type\": \"InternalServerError\", \"param\": null, \"code\": 500}}\n\n"
				+ "data: [DONE]\n\n");
		VllmClientException ex = catchThrowableOfType(VllmClientException.class,
				() -> this.client.chatStream(request(), (delta) -> {
				}));
		assertThat(ex.status()).isEqualTo(500);
		assertThat(ex.errorType()).isEqualTo("InternalServerError");
		assertThat(ex.serverMessage()).isEqualTo("EngineCore died");
		assertThat(ex.telemetryErrorType()).isEqualTo("model_error");
	}

	@Test
	void aStreamWithCommentsAndCrLfIsReadAndUsageComesFromTheLastChunk() {
		answer = sse(200, ": ping\r\n\r\n" + chatChunk("Hi", null).replace("\n", "\r\n") + chatChunk(" there", "stop")
				+ "data: {\"id\": \"chatcmpl-1\", \"model\": \"test-model\", \"choices\": [], \"usage\": {\"prompt_tokens\": 7, \"completion_tokens\": 2, \"total_tokens\": 9}}\n\n"
				+ "data: [DONE]\n\n");
		List<String> deltas = new ArrayList<>();
		ChatCompletion completion = this.client.chatStream(request(), deltas::add);
		assertThat(completion).isEqualTo(new ChatCompletion("chatcmpl-1", "test-model", "Hi there", "stop",
				new Usage(7, 2)));
		assertThat(deltas).containsExactly("Hi", " there");
		assertThat(this.telemetry.events).containsExactly("start chat test-model", "prompt", "firstChunk",
				"answered test-model 7/2 stop", "completion", "close");
	}

	@Test
	void aStreamRequestAnsweredInOnePieceIsOneDelta() {
		answer = json(200, "{\"id\": \"cmpl-1\", \"model\": \"test-model\", \"choices\": [{\"index\": 0, \"text\": \"whole\", \"finish_reason\": \"length\"}], \"usage\": {\"prompt_tokens\": 3, \"completion_tokens\": 1}}");
		List<String> deltas = new ArrayList<>();
		assertThat(this.client.completeStream(CompletionRequest.of(PROMPT), deltas::add).text()).isEqualTo("whole");
		assertThat(deltas).containsExactly("whole");
	}

	@Test
	void anUnreadableSuccessIsAnInvalidResponse() {
		answer = json(200, "<html>oops</html>");
		VllmClientException ex = catchThrowableOfType(VllmClientException.class, () -> this.client.chat(request()));
		assertThat(ex.status()).isEqualTo(200);
		assertThat(ex.telemetryErrorType()).isEqualTo("model_error");
	}

	@Test
	void theOlderErrorShapeIsRead() {
		answer = json(400,
				"{\"object\": \"error\", \"message\": \"max_tokens must be at least 1\", \"type\": \"BadRequestError\", \"param\": null, \"code\": 400}");
		VllmClientException ex = catchThrowableOfType(VllmClientException.class, () -> this.client.chat(request()));
		assertThat(ex.status()).isEqualTo(400);
		assertThat(ex.errorType()).isEqualTo("BadRequestError");
		assertThat(ex.getMessage()).contains("max_tokens must be at least 1");
	}

	@Test
	void aValidationErrorThatEchoesThePromptKeepsItOutOfTheException() {
		answer = json(422, "{\"error\": {\"message\": \"[{'type': 'extra_forbidden', 'input': {'messages': [{'content': '"
				+ PROMPT + "'}]}}]\", \"type\": \"BadRequestError\", \"code\": 422}}");
		VllmClientException ex = catchThrowableOfType(VllmClientException.class, () -> this.client.chat(request()));
		assertThat(ex.status()).isEqualTo(422);
		assertThat(ex.telemetryErrorType()).isEqualTo("invalid_request");
		assertThat(ex.serverMessage()).isNull();
		assertThat(ex.getMessage()).doesNotContain(PROMPT).doesNotContain("private");
	}

	@Test
	void statusesMapToTelemetryErrorTypes() {
		int[] statuses = { 401, 403, 404, 408, 429, 500, 502, 503, 504 };
		String[] types = { "unauthorized", "unauthorized", "invalid_request", "timeout", "throttled",
				"model_error", "unavailable", "unavailable", "timeout" };
		for (int i = 0; i < statuses.length; i++) {
			answer = json(statuses[i], "");
			VllmClientException ex = catchThrowableOfType(VllmClientException.class,
					() -> this.client.chat(request()));
			assertThat(ex.status()).isEqualTo(statuses[i]);
			assertThat(ex.telemetryErrorType()).as("status %d", statuses[i]).isEqualTo(types[i]);
		}
	}

	@Test
	void noServerIsAConnectionFailureWithStatusZero() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		VllmClientException ex = catchThrowableOfType(VllmClientException.class,
				() -> client("http://127.0.0.1:" + port).chat(request()));
		assertThat(ex.status()).isZero();
		assertThat(ex.telemetryErrorType()).isEqualTo("connection");
		assertThat(this.telemetry.events).contains("error connection");
	}

	@Test
	void aFailingDeltaConsumerFailsTheCallWithItsOwnException() {
		answer = sse(200, chatChunk("Hel", null) + "data: [DONE]\n\n");
		assertThatIllegalStateException().isThrownBy(() -> this.client.chatStream(request(), (delta) -> {
			throw new IllegalStateException("consumer gave up");
		}));
		assertThat(this.telemetry.events).contains("error java.lang.IllegalStateException", "close");
	}

	private static ChatRequest request() {
		return ChatRequest.of(ChatMessage.user(PROMPT));
	}

	private static String chatChunk(String content, @Nullable String finishReason) {
		return "data: {\"id\": \"chatcmpl-1\", \"model\": \"test-model\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": \""
				+ content + "\"}, \"finish_reason\": " + ((finishReason != null) ? "\"" + finishReason + "\"" : "null")
				+ "}]}\n\n";
	}

	private static Answer sse(int status, String body) {
		return (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(status, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body.getBytes(StandardCharsets.UTF_8));
			}
		};
	}

	private static Answer json(int status, String body) {
		return (exchange) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
			if (bytes.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		};
	}

	@FunctionalInterface
	interface Answer {

		void write(HttpExchange exchange) throws IOException;

	}

	/**
	 * A real {@link GenAiTelemetry} (content capture on) whose observations are recorded: what
	 * the GenAI span and metrics of each call would say, in order.
	 */
	static final class RecordingTelemetry implements ObservationHandler<GenAiClientObservationContext> {

		final List<String> events = new ArrayList<>();

		final GenAiTelemetry genAi;

		RecordingTelemetry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(this);
			this.genAi = new GenAiTelemetry(registry, null, true);
		}

		@Override
		public void onStart(GenAiClientObservationContext context) {
			this.events.add("start " + context.getRequest().operation() + " " + context.getRequest().model());
		}

		@Override
		public void onStop(GenAiClientObservationContext context) {
			if (context.getInputMessages() != null) {
				this.events.add("prompt");
			}
			if (context.getTimeToFirstChunkNanos() != null) {
				this.events.add("firstChunk");
			}
			if (context.getInputTokens() != null) {
				this.events.add("answered " + context.getResponseModel() + " " + context.getInputTokens() + "/"
						+ context.getOutputTokens() + " " + String.join(",", context.getFinishReasons()));
			}
			if (context.getOutputMessages() != null) {
				this.events.add("completion");
			}
			if (context.getErrorType() != null) {
				this.events.add("error " + context.getErrorType());
			}
			this.events.add("close");
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof GenAiClientObservationContext;
		}

	}

}
