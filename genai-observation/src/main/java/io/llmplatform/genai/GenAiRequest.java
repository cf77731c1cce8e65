package io.llmplatform.genai;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a model call asks for, as far as telemetry is concerned: the operation, the provider,
 * the model and the request parameters. Build one with {@link #chat(String, String)} or
 * {@link #of(String, String, String)}.
 */
public final class GenAiRequest {

	/** {@code gen_ai.provider.name} of AWS SageMaker endpoints. */
	public static final String PROVIDER_AWS_SAGEMAKER = "aws.sagemaker";

	/** {@code gen_ai.provider.name} of vLLM servers. */
	public static final String PROVIDER_VLLM = "vllm";

	private final String operation;

	private final String provider;

	private final String model;

	private final @Nullable Integer maxTokens;

	private final @Nullable Double temperature;

	private final Map<String, String> attributes;

	private GenAiRequest(String operation, String provider, String model, @Nullable Integer maxTokens,
			@Nullable Double temperature, Map<String, String> attributes) {
		this.operation = operation;
		this.provider = provider;
		this.model = model;
		this.maxTokens = maxTokens;
		this.temperature = temperature;
		this.attributes = Collections.unmodifiableMap(attributes);
	}

	/**
	 * A chat call.
	 * @param provider {@code gen_ai.provider.name}
	 * @param model {@code gen_ai.request.model}
	 * @return the request
	 */
	public static GenAiRequest chat(String provider, String model) {
		return of("chat", provider, model);
	}

	/**
	 * A call of any operation ({@code chat}, {@code text_completion}, {@code embeddings}, ...).
	 * @param operation {@code gen_ai.operation.name}
	 * @param provider {@code gen_ai.provider.name}
	 * @param model {@code gen_ai.request.model}
	 * @return the request
	 */
	public static GenAiRequest of(String operation, String provider, String model) {
		return new GenAiRequest(operation, provider, model, null, null, new LinkedHashMap<>());
	}

	public GenAiRequest withMaxTokens(@Nullable Integer maxTokens) {
		return new GenAiRequest(this.operation, this.provider, this.model, maxTokens, this.temperature,
				this.attributes);
	}

	public GenAiRequest withTemperature(@Nullable Double temperature) {
		return new GenAiRequest(this.operation, this.provider, this.model, this.maxTokens, temperature,
				this.attributes);
	}

	/**
	 * Adds a span attribute of the caller's own (e.g. {@code sagemaker.endpoint}); never a
	 * metric label.
	 * @param key the attribute name
	 * @param value the value
	 * @return a new request with the attribute
	 */
	public GenAiRequest withAttribute(String key, String value) {
		Map<String, String> attributes = new LinkedHashMap<>(this.attributes);
		attributes.put(key, value);
		return new GenAiRequest(this.operation, this.provider, this.model, this.maxTokens, this.temperature,
				attributes);
	}

	public String operation() {
		return this.operation;
	}

	public String provider() {
		return this.provider;
	}

	public String model() {
		return this.model;
	}

	public @Nullable Integer maxTokens() {
		return this.maxTokens;
	}

	public @Nullable Double temperature() {
		return this.temperature;
	}

	public Map<String, String> attributes() {
		return this.attributes;
	}

}
