package io.llmplatform.vllm.internal;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import io.llmplatform.telemetry.genai.GenAiCall;
import io.llmplatform.telemetry.genai.GenAiRequest;
import io.llmplatform.telemetry.genai.GenAiTelemetry;
import io.llmplatform.vllm.Usage;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Declares each vLLM call to telemetry-starter's {@link GenAiTelemetry}: the GenAI CLIENT span
 * ({@code chat llm-baseline}, {@code gen_ai.provider.name=vllm}) and the {@code gen_ai.client.*}
 * metrics. Prompt and completion reach it only through {@link GenAiCall#prompt} and
 * {@link GenAiCall#completion}, which drop them unless content capture is on. Internal.
 */
public final class GenAiVllmCallTelemetry implements VllmCallTelemetry {

	private final GenAiTelemetry genAi;

	private final String serverAddress;

	private final String serverPort;

	/**
	 * Creates the telemetry of a client.
	 * @param genAi telemetry-starter's API
	 * @param baseUrl the server's base URL, for {@code server.address} and {@code server.port}
	 */
	public GenAiVllmCallTelemetry(GenAiTelemetry genAi, String baseUrl) {
		this.genAi = genAi;
		URI uri = URI.create(baseUrl);
		this.serverAddress = (uri.getHost() != null) ? uri.getHost() : "";
		int port = uri.getPort();
		if (port < 0) {
			port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
		}
		this.serverPort = Integer.toString(port);
	}

	@Override
	public Call start(String operation, String model, @Nullable Integer maxTokens, @Nullable Double temperature) {
		// server.* are span-only attributes (GenAiRequest attributes never become metric labels).
		GenAiRequest request = GenAiRequest.of(operation, GenAiRequest.PROVIDER_VLLM, model)
			.withMaxTokens(maxTokens)
			.withTemperature(temperature)
			.withAttribute("server.address", this.serverAddress)
			.withAttribute("server.port", this.serverPort);
		return new GenAiVllmCall(this.genAi.start(request));
	}

	private static final class GenAiVllmCall implements Call {

		private final GenAiCall call;

		GenAiVllmCall(GenAiCall call) {
			this.call = call;
		}

		@Override
		public Scope openScope() {
			Observation.Scope scope = this.call.openScope();
			return scope::close;
		}

		@Override
		public void firstChunk() {
			this.call.firstChunk();
		}

		@Override
		public void answered(@Nullable String responseModel, @Nullable Usage usage, @Nullable String finishReason) {
			if (responseModel != null) {
				this.call.responseModel(responseModel);
			}
			if (usage != null) {
				this.call.usage(usage.promptTokens(), usage.completionTokens());
			}
			if (finishReason != null) {
				this.call.finishReasons(List.of(finishReason));
			}
		}

		@Override
		public void prompt(Supplier<String> prompt) {
			this.call.prompt(prompt);
		}

		@Override
		public void completion(Supplier<String> completion) {
			this.call.completion(completion);
		}

		@Override
		public void error(String errorType, Throwable error) {
			this.call.error(errorType, error);
		}

		@Override
		public void close() {
			this.call.end();
		}

	}

}
