package io.llmplatform.vllm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.llmplatform.genai.GenAiCall;
import io.llmplatform.genai.GenAiMessage;
import io.llmplatform.genai.GenAiRequest;
import io.llmplatform.genai.GenAiTelemetry;
import io.llmplatform.vllm.ChatCompletion;
import io.llmplatform.vllm.ChatMessage;
import io.llmplatform.vllm.ChatRequest;
import io.llmplatform.vllm.CompletionRequest;
import io.llmplatform.vllm.TextCompletion;
import io.llmplatform.vllm.Usage;
import io.llmplatform.vllm.VllmClient;
import io.llmplatform.vllm.VllmClientException;
import io.llmplatform.vllm.VllmTimeoutException;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * {@link VllmClient} over a {@link RestClient}. Every call is one HTTP exchange read as a
 * stream ({@code exchange}), inside the scope of its GenAI call, so that the RestClient's HTTP
 * CLIENT span is the GenAI span's child and carries the trace on. Streams are read event by
 * event; nothing is buffered whole. Internal: use {@link VllmClient}.
 */
public final class RestClientVllmClient implements VllmClient {

	static final String CHAT_PATH = "/v1/chat/completions";

	static final String COMPLETIONS_PATH = "/v1/completions";

	private static final String DONE = "[DONE]";

	/** Longest error body read: errors are small, a misbehaving proxy's page is not. */
	private static final int MAX_ERROR_BODY = 64 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RestClient restClient;

	private final String defaultModel;

	private final Duration readTimeout;

	private final GenAiTelemetry telemetry;

	private final String serverAddress;

	private final String serverPort;

	/**
	 * Creates a client.
	 * @param restClient the RestClient, with the server's base URL (without {@code /v1}), and
	 * authorization if needed
	 * @param defaultModel the model of requests that name none
	 * @param readTimeout the request factory's read timeout, to tell a stream cut off by it from
	 * one broken by the server
	 * @param telemetry the GenAI telemetry of each call ({@link GenAiTelemetry#noop()} for none)
	 * @param baseUrl the server's base URL, for the span's {@code server.address} and
	 * {@code server.port}
	 */
	public RestClientVllmClient(RestClient restClient, String defaultModel, Duration readTimeout,
			GenAiTelemetry telemetry, String baseUrl) {
		Assert.hasText(defaultModel, "defaultModel must not be empty");
		this.restClient = restClient;
		this.defaultModel = defaultModel;
		this.readTimeout = readTimeout;
		this.telemetry = telemetry;
		URI uri = URI.create(baseUrl);
		this.serverAddress = (uri.getHost() != null) ? uri.getHost() : "";
		int port = uri.getPort();
		if (port < 0) {
			port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
		}
		this.serverPort = Integer.toString(port);
	}

	@Override
	public ChatCompletion chat(ChatRequest request) {
		return chat(request, null);
	}

	@Override
	public ChatCompletion chatStream(ChatRequest request, Consumer<String> onDelta) {
		Assert.notNull(onDelta, "onDelta must not be null");
		return chat(request, onDelta);
	}

	@Override
	public TextCompletion complete(CompletionRequest request) {
		return complete(request, null);
	}

	@Override
	public TextCompletion completeStream(CompletionRequest request, Consumer<String> onDelta) {
		Assert.notNull(onDelta, "onDelta must not be null");
		return complete(request, onDelta);
	}

	private ChatCompletion chat(ChatRequest request, @Nullable Consumer<String> onDelta) {
		String model = modelOf(request.model());
		List<OpenAiWire.Message> messages = request.messages()
			.stream()
			.map((message) -> new OpenAiWire.Message(message.role(), message.content()))
			.toList();
		List<String> texts = request.messages().stream().map(ChatMessage::content).toList();
		Exchange exchange = new Exchange(Operation.CHAT, model, texts, onDelta, timeoutOf(request.timeout()));
		OpenAiWire.RequestBody body = body(exchange, messages, null, request.maxTokens(), request.temperature());
		Answer answer = call(exchange, body, () -> request.messages()
			.stream()
			.map((message) -> GenAiMessage.of(message.role(), message.content()))
			.toList());
		return new ChatCompletion(answer.id, answer.model, answer.text.toString(), answer.finishReason,
				answer.usage);
	}

	private TextCompletion complete(CompletionRequest request, @Nullable Consumer<String> onDelta) {
		String model = modelOf(request.model());
		Exchange exchange = new Exchange(Operation.TEXT_COMPLETION, model, List.of(request.prompt()), onDelta,
				this.readTimeout);
		OpenAiWire.RequestBody body = body(exchange, null, request.prompt(), request.maxTokens(),
				request.temperature());
		Answer answer = call(exchange, body, () -> List.of(GenAiMessage.user(request.prompt())));
		return new TextCompletion(answer.id, answer.model, answer.text.toString(), answer.finishReason,
				answer.usage);
	}

	private static OpenAiWire.RequestBody body(Exchange exchange, @Nullable List<OpenAiWire.Message> messages,
			@Nullable String prompt, @Nullable Integer maxTokens, @Nullable Double temperature) {
		boolean streaming = exchange.streaming();
		return new OpenAiWire.RequestBody(exchange.model, messages, prompt, maxTokens, temperature,
				streaming ? Boolean.TRUE : null, streaming ? new OpenAiWire.StreamOptions(true) : null);
	}

	/** The call's own timeout, never longer than the configured read timeout. */
	private Duration timeoutOf(@Nullable Duration requested) {
		if (requested == null || requested.compareTo(this.readTimeout) >= 0) {
			return this.readTimeout;
		}
		return requested.isNegative() || requested.isZero() ? Duration.ofMillis(1) : requested;
	}

	private String modelOf(@Nullable String model) {
		return (model == null || model.isBlank()) ? this.defaultModel : model;
	}

	private Answer call(Exchange exchange, OpenAiWire.RequestBody body, Supplier<List<GenAiMessage>> prompt) {
		byte[] payload = JSON.writeValueAsBytes(body);
		// server.* are span-only attributes (GenAiRequest attributes never become metric labels).
		GenAiCall call = this.telemetry.start(
				GenAiRequest.of(exchange.operation.telemetryName, GenAiRequest.PROVIDER_VLLM, exchange.model)
					.withMaxTokens(body.maxTokens())
					.withTemperature(body.temperature())
					.withAttribute("server.address", this.serverAddress)
					.withAttribute("server.port", this.serverPort));
		try {
			call.inputMessages(prompt);
			Answer answer;
			// The scope makes the GenAI call current, so the RestClient's observation (HTTP span) is its child.
			try (Observation.Scope scope = call.openScope()) {
				answer = PerCallTimeoutRequestFactory.withTimeout(exchange.timeout, () -> this.restClient.post()
					.uri(exchange.operation.path)
					.contentType(MediaType.APPLICATION_JSON)
					.accept(exchange.streaming() ? MediaType.TEXT_EVENT_STREAM : MediaType.APPLICATION_JSON)
					.body(payload)
					.exchange((request, response) -> read(exchange, response, call)));
			}
			catch (ResourceAccessException ex) {
				throw transportFailure(exchange, ex);
			}
			catch (RestClientException ex) {
				throw new VllmClientException(exchange.describe("failed: " + ex.getClass().getSimpleName()), 0, null,
						null, ex);
			}
			call.responseModel(answer.model);
			if (answer.usage != null) {
				call.usage(answer.usage.promptTokens(), answer.usage.completionTokens());
			}
			if (answer.finishReason != null) {
				call.finishReasons(List.of(answer.finishReason));
			}
			call.outputMessages(() -> List.of(GenAiMessage.answer(answer.text.toString(), answer.finishReason)));
			return answer;
		}
		catch (VllmClientException ex) {
			call.error(ex.telemetryErrorType(), ex);
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			// Not vLLM's doing (e.g. the caller's onDelta threw): typed by class, as OpenTelemetry suggests.
			call.error(ex.getClass().getName(), ex);
			throw ex;
		}
		finally {
			call.end();
		}
	}

	private Answer read(Exchange exchange, ClientHttpResponse response, GenAiCall call)
			throws IOException {
		int status = response.getStatusCode().value();
		if (!response.getStatusCode().is2xxSuccessful()) {
			byte[] body = readAtMost(response.getBody(), MAX_ERROR_BODY);
			OpenAiErrorBody error = OpenAiErrorBody.read(JSON, body, exchange.promptTexts);
			throw new VllmClientException(exchange.describe("answered " + status + errorSuffix(error)), status,
					error.type(), error.message(), null);
		}
		Answer answer = new Answer(exchange.model);
		if (!exchange.streaming() || !isEventStream(response.getHeaders())) {
			// Also a stream request that the server answered in one piece: one delta, then done.
			answer.absorb(readAnswer(exchange, response.getBody(), status), exchange, false);
			return answer;
		}
		ServerSentEventReader events = new ServerSentEventReader(response.getBody());
		String data;
		while ((data = events.nextData()) != null) {
			if (DONE.equals(data.strip())) {
				return answer;
			}
			call.firstChunk();
			OpenAiWire.Response chunk = parseChunk(exchange, data, status);
			if (chunk.isError()) {
				// vLLM reports a failure after the stream has started as an error event.
				OpenAiErrorBody error = OpenAiErrorBody.of(chunk, exchange.promptTexts);
				int code = (error.code() >= 400) ? error.code() : 500;
				throw new VllmClientException(exchange.describe("sent an error event " + code + errorSuffix(error)),
						code, error.type(), error.message(), null);
			}
			answer.absorb(chunk, exchange, true);
		}
		throw brokenOff(exchange, null);
	}

	private static boolean isEventStream(HttpHeaders headers) {
		MediaType contentType = headers.getContentType();
		return contentType != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(contentType);
	}

	private static OpenAiWire.Response readAnswer(Exchange exchange, InputStream body, int status) {
		try {
			OpenAiWire.Response answer = JSON.readValue(body, OpenAiWire.Response.class);
			if (answer == null) {
				throw new VllmClientException(exchange.describe("answered " + status + " with an empty body"), status,
						null, null, null);
			}
			return answer;
		}
		catch (JacksonException ex) {
			throw new VllmClientException(exchange.describe("answered " + status + " with a body that is not JSON"),
					status, null, null, null);
		}
	}

	private static OpenAiWire.Response parseChunk(Exchange exchange, String data, int status) {
		try {
			OpenAiWire.Response chunk = JSON.readValue(data, OpenAiWire.Response.class);
			if (chunk == null) {
				throw new VllmClientException(exchange.describe("sent an empty stream event"), status, null, null,
						null);
			}
			return chunk;
		}
		catch (JacksonException ex) {
			throw new VllmClientException(exchange.describe("sent a stream event that is not JSON"), status, null,
					null, null);
		}
	}

	private static byte[] readAtMost(InputStream in, int limit) {
		try {
			return in.readNBytes(limit);
		}
		catch (IOException ex) {
			return new byte[0];
		}
	}

	private static String errorSuffix(OpenAiErrorBody error) {
		StringBuilder suffix = new StringBuilder();
		if (error.type() != null) {
			suffix.append(' ').append(error.type());
		}
		if (error.message() != null) {
			suffix.append(": ").append(error.message());
		}
		return suffix.toString();
	}

	private VllmClientException transportFailure(Exchange exchange, ResourceAccessException ex) {
		if (hasCause(ex, HttpConnectTimeoutException.class)) {
			return new VllmTimeoutException(exchange.describe("could not be connected to in time"), ex);
		}
		if (hasCause(ex, HttpTimeoutException.class) || hasCause(ex, SocketTimeoutException.class)
				|| exchange.elapsed().compareTo(exchange.timeout) >= 0) {
			return new VllmTimeoutException(exchange.describe("did not answer within " + exchange.timeout), ex);
		}
		if (exchange.streaming()) {
			return brokenOff(exchange, ex);
		}
		return new VllmClientException(exchange.describe("could not be reached or broke the connection"), 0, null,
				null, ex);
	}

	/** A stream that ended before {@code [DONE]}: cut off by the read timeout, or by the server. */
	private VllmClientException brokenOff(Exchange exchange, @Nullable Exception cause) {
		if (exchange.elapsed().compareTo(exchange.timeout) >= 0) {
			return new VllmTimeoutException(exchange.describe("did not finish the stream within " + exchange.timeout),
					cause);
		}
		return new VllmClientException(exchange.describe("ended the stream before [DONE]"), 0, null, null, cause);
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return true;
			}
		}
		return false;
	}

	private enum Operation {

		CHAT("chat", CHAT_PATH), TEXT_COMPLETION("text_completion", COMPLETIONS_PATH);

		final String telemetryName;

		final String path;

		Operation(String telemetryName, String path) {
			this.telemetryName = telemetryName;
			this.path = path;
		}

	}

	/** One call in flight: what was asked, since when, and who gets the deltas. */
	private static final class Exchange {

		final Operation operation;

		final String model;

		final List<String> promptTexts;

		final @Nullable Consumer<String> onDelta;

		final Duration timeout;

		private final long startNanos = System.nanoTime();

		Exchange(Operation operation, String model, List<String> promptTexts, @Nullable Consumer<String> onDelta,
				Duration timeout) {
			this.operation = operation;
			this.model = model;
			this.promptTexts = promptTexts;
			this.onDelta = onDelta;
			this.timeout = timeout;
		}

		boolean streaming() {
			return this.onDelta != null;
		}

		Duration elapsed() {
			return Duration.ofNanos(System.nanoTime() - this.startNanos);
		}

		/** A message naming the call, never its prompt. */
		String describe(String what) {
			return "vLLM " + what + " (POST " + this.operation.path + ", model " + this.model + ")";
		}

	}

	/** The answer being put together from one body or from the chunks of a stream. */
	private static final class Answer {

		String id = "";

		String model;

		final StringBuilder text = new StringBuilder();

		@Nullable String finishReason;

		@Nullable Usage usage;

		Answer(String requestedModel) {
			this.model = requestedModel;
		}

		void absorb(OpenAiWire.Response response, Exchange exchange, boolean chunk) {
			if (this.id.isEmpty() && response.id() != null) {
				this.id = response.id();
			}
			if (response.model() != null) {
				this.model = response.model();
			}
			OpenAiWire.Choice choice = response.firstChoice();
			if (choice != null) {
				String delta = text(choice, exchange.operation, chunk);
				if (delta != null && !delta.isEmpty()) {
					this.text.append(delta);
					if (exchange.onDelta != null) {
						exchange.onDelta.accept(delta);
					}
				}
				if (choice.finishReason() != null) {
					this.finishReason = choice.finishReason();
				}
			}
			OpenAiWire.Usage usage = response.usage();
			if (usage != null && usage.promptTokens() != null) {
				this.usage = new Usage(usage.promptTokens(),
						(usage.completionTokens() != null) ? usage.completionTokens() : 0);
			}
		}

		private static @Nullable String text(OpenAiWire.Choice choice, Operation operation, boolean chunk) {
			if (operation == Operation.TEXT_COMPLETION) {
				return choice.text();
			}
			OpenAiWire.Content content = chunk ? choice.delta() : choice.message();
			return (content != null) ? content.content() : null;
		}

	}

}
