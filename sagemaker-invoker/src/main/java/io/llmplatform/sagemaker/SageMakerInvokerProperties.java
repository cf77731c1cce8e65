package io.llmplatform.sagemaker;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the SageMaker Runtime client and of what its calls report in telemetry.
 * In production only {@code region} and the per-endpoint model names and versions are usually
 * set: credentials come from the SDK's default chain (IRSA on EKS). Locally,
 * {@code endpoint-override} points at the model simulator and static test credentials are set.
 */
@ConfigurationProperties(SageMakerInvokerProperties.PREFIX)
public class SageMakerInvokerProperties {

	/** Prefix of every property of the invoker. */
	public static final String PREFIX = "platform.sagemaker";

	/** AWS region of the SageMaker Runtime endpoints; also the span's cloud.region. */
	private String region = "us-east-1";

	/**
	 * Base URI that replaces SageMaker Runtime's regional endpoint, e.g. the local model simulator
	 * (http://localhost:8200). Leave unset in production.
	 */
	private @Nullable URI endpointOverride;

	/** Static credentials for local runs; unset, the SDK's default credentials provider chain is used. */
	private final Credentials credentials = new Credentials();

	/** Longest time one InvokeEndpoint call may take, all SDK attempts included. */
	private Duration apiCallTimeout = Duration.ofSeconds(30);

	/** Longest time one HTTP attempt of a call may take. */
	private Duration apiCallAttemptTimeout = Duration.ofSeconds(10);

	/**
	 * Attempts per call made by the SDK's retry strategy. 1 means no SDK retry: the caller's
	 * resilience4j guards (retry, circuit breaker, fallback) decide, so retries are not stacked.
	 */
	private int maxAttempts = 1;

	/** Longest time to open a connection to the endpoint. */
	private Duration connectTimeout = Duration.ofSeconds(2);

	/** Per endpoint name: the model and model version its calls report in telemetry. */
	private Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	public String getRegion() {
		return this.region;
	}

	public void setRegion(String region) {
		this.region = region;
	}

	public @Nullable URI getEndpointOverride() {
		return this.endpointOverride;
	}

	public void setEndpointOverride(@Nullable URI endpointOverride) {
		this.endpointOverride = endpointOverride;
	}

	public Credentials getCredentials() {
		return this.credentials;
	}

	public Duration getApiCallTimeout() {
		return this.apiCallTimeout;
	}

	public void setApiCallTimeout(Duration apiCallTimeout) {
		this.apiCallTimeout = apiCallTimeout;
	}

	public Duration getApiCallAttemptTimeout() {
		return this.apiCallAttemptTimeout;
	}

	public void setApiCallAttemptTimeout(Duration apiCallAttemptTimeout) {
		this.apiCallAttemptTimeout = apiCallAttemptTimeout;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Map<String, Endpoint> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(Map<String, Endpoint> endpoints) {
		this.endpoints = endpoints;
	}

	/**
	 * The settings of one endpoint, defaults for one that is not configured.
	 * @param endpointName the endpoint name
	 * @return its settings
	 */
	public Endpoint endpoint(String endpointName) {
		Endpoint endpoint = this.endpoints.get(endpointName);
		return (endpoint != null) ? endpoint : new Endpoint();
	}

	/** Static AWS credentials. */
	public static class Credentials {

		/** Access key id of static credentials (local runs against the simulator); unset in production. */
		private @Nullable String accessKeyId;

		/** Secret access key of static credentials (local runs against the simulator); unset in production. */
		private @Nullable String secretAccessKey;

		public @Nullable String getAccessKeyId() {
			return this.accessKeyId;
		}

		public void setAccessKeyId(@Nullable String accessKeyId) {
			this.accessKeyId = accessKeyId;
		}

		public @Nullable String getSecretAccessKey() {
			return this.secretAccessKey;
		}

		public void setSecretAccessKey(@Nullable String secretAccessKey) {
			this.secretAccessKey = secretAccessKey;
		}

		/**
		 * Whether static credentials are configured.
		 * @return {@code true} when both the key id and the secret are set
		 * @throws IllegalStateException when only one of them is set
		 */
		public boolean isStatic() {
			boolean hasId = this.accessKeyId != null && !this.accessKeyId.isBlank();
			boolean hasSecret = this.secretAccessKey != null && !this.secretAccessKey.isBlank();
			if (hasId != hasSecret) {
				throw new IllegalStateException("Set both " + PREFIX + ".credentials.access-key-id and " + PREFIX
						+ ".credentials.secret-access-key, or neither (to use the default credentials chain)");
			}
			return hasId;
		}

	}

	/** What the calls of one endpoint report in telemetry. */
	public static class Endpoint {

		/** Model served by the endpoint, for gen_ai.request.model; defaults to the endpoint name. */
		private @Nullable String model;

		/** Version of the served model, for the span's model.version and the model_version label. */
		private String modelVersion = "unknown";

		/**
		 * gen_ai.operation.name of raw invoke() calls (chat() calls are always "chat"), e.g.
		 * text_completion or embeddings.
		 */
		private String invokeOperation = "text_completion";

		public @Nullable String getModel() {
			return this.model;
		}

		public void setModel(@Nullable String model) {
			this.model = model;
		}

		public String getModelVersion() {
			return this.modelVersion;
		}

		public void setModelVersion(String modelVersion) {
			this.modelVersion = modelVersion;
		}

		public String getInvokeOperation() {
			return this.invokeOperation;
		}

		public void setInvokeOperation(String invokeOperation) {
			this.invokeOperation = invokeOperation;
		}

		/**
		 * The model name to report.
		 * @param endpointName the endpoint these settings belong to
		 * @return the configured model, else the endpoint name
		 */
		public String modelOr(String endpointName) {
			return (this.model != null && !this.model.isBlank()) ? this.model : endpointName;
		}

	}

}
