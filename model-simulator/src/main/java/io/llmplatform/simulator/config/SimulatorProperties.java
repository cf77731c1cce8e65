package io.llmplatform.simulator.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import io.llmplatform.simulator.faults.FaultSpec;

/**
 * Configuration of the simulator under {@code simulator.*}: which endpoints and models exist, how they
 * behave and which faults are in force from the start.
 */
@ConfigurationProperties("simulator")
public class SimulatorProperties {

	/** Seed of every random choice (answers, fault draws): same seed and request order, same run. */
	private long seed = 42;

	private final SageMaker sagemaker = new SageMaker();

	private final Vllm vllm = new Vllm();

	private final Admin admin = new Admin();

	/** Latency, capacity and output of every simulated model, unless overridden. */
	@NestedConfigurationProperty
	private final ModelSettings defaults = ModelSettings.builtInDefaults();

	/** Per endpoint or model name: the settings that differ from the defaults. */
	private Map<String, ModelSettings> overrides = new LinkedHashMap<>();

	/** Per endpoint or model name: faults in force from start-up. */
	private Map<String, FaultSpec> faults = new LinkedHashMap<>();

	/** Start with /health answering 503. */
	private boolean healthFailing;

	public long getSeed() {
		return seed;
	}

	public void setSeed(long seed) {
		this.seed = seed;
	}

	public SageMaker getSagemaker() {
		return sagemaker;
	}

	public Vllm getVllm() {
		return vllm;
	}

	public Admin getAdmin() {
		return admin;
	}

	public ModelSettings getDefaults() {
		return defaults;
	}

	public Map<String, ModelSettings> getOverrides() {
		return overrides;
	}

	public void setOverrides(Map<String, ModelSettings> overrides) {
		this.overrides = overrides;
	}

	public Map<String, FaultSpec> getFaults() {
		return faults;
	}

	public void setFaults(Map<String, FaultSpec> faults) {
		this.faults = faults;
	}

	public boolean isHealthFailing() {
		return healthFailing;
	}

	public void setHealthFailing(boolean healthFailing) {
		this.healthFailing = healthFailing;
	}

	/** The SageMaker Runtime side. */
	public static class SageMaker {

		/** Endpoint names that exist; any other answers ValidationError "Endpoint ... not found.". */
		private List<String> endpoints = new ArrayList<>(List.of("quant-endpoint", "finetune-endpoint", "judge-endpoint"));

		/** Production variants of every endpoint; the first one serves requests that name none. */
		private List<String> variants = new ArrayList<>(List.of("AllTraffic"));

		/** Account id in error messages and log stream ARNs. */
		private String accountId = "123456789012";

		/** Region in error messages and log stream ARNs. */
		private String region = "us-east-1";

		public List<String> getEndpoints() {
			return endpoints;
		}

		public void setEndpoints(List<String> endpoints) {
			this.endpoints = endpoints;
		}

		public List<String> getVariants() {
			return variants;
		}

		public void setVariants(List<String> variants) {
			this.variants = variants;
		}

		public String getAccountId() {
			return accountId;
		}

		public void setAccountId(String accountId) {
			this.accountId = accountId;
		}

		public String getRegion() {
			return region;
		}

		public void setRegion(String region) {
			this.region = region;
		}

	}

	/** The vLLM OpenAI-compatible side. */
	public static class Vllm {

		/** Served model names (vLLM's --served-model-name); any other answers 404. */
		private List<String> models = new ArrayList<>(List.of("llm-baseline"));

		public List<String> getModels() {
			return models;
		}

		public void setModels(List<String> models) {
			this.models = models;
		}

	}

	/** The admin API ({@code /admin/faults}, {@code /admin/health}). */
	public static class Admin {

		/**
		 * SHA-256 hashes (hex) of the keys that open the admin API as {@code Authorization: Bearer <key>};
		 * several, so that a key can rotate. Empty: the admin API is disabled (403).
		 */
		private List<String> apiKeySha256 = new ArrayList<>();

		public List<String> getApiKeySha256() {
			return apiKeySha256;
		}

		public void setApiKeySha256(List<String> apiKeySha256) {
			this.apiKeySha256 = apiKeySha256;
		}

	}

}
