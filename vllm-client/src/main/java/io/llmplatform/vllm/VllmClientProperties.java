package io.llmplatform.vllm;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the vLLM server is and how long to wait for it.
 */
@ConfigurationProperties(VllmClientProperties.PREFIX)
public class VllmClientProperties {

	/** Prefix of the properties. */
	public static final String PREFIX = "vllm.client";

	/**
	 * Base URL of the vLLM OpenAI-compatible server, with or without the trailing "/v1" (the model simulator by default).
	 */
	private String baseUrl = "http://localhost:8200";

	/**
	 * Model asked when a request names none; also "gen_ai.request.model" of such calls.
	 */
	private String model = "llm-baseline";

	/**
	 * API key sent as "Authorization: Bearer <key>" (vLLM's --api-key); none when unset.
	 */
	private @Nullable String apiKey;

	/**
	 * Longest wait for a connection to the server.
	 */
	private Duration connectTimeout = Duration.ofSeconds(2);

	/**
	 * Longest wait for the complete answer of one call, from sending the request to the last byte
	 * (streams included: the JDK HTTP client's timeout covers the whole exchange).
	 */
	private Duration readTimeout = Duration.ofSeconds(30);

	public String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public String getModel() {
		return this.model;
	}

	public void setModel(String model) {
		this.model = model;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

}
