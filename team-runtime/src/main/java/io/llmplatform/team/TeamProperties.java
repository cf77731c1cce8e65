package io.llmplatform.team;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A team service's models. The team's name is {@code platform.telemetry.team}.
 */
@ConfigurationProperties("platform.team")
public class TeamProperties {

	/** The team's own SageMaker endpoint, used by {@link TeamModels#primary}. */
	private @Nullable String endpoint;

	/** The vLLM baseline model; the vLLM client's default model when unset. */
	private @Nullable String baselineModel;

	public @Nullable String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable String endpoint) {
		this.endpoint = endpoint;
	}

	public @Nullable String getBaselineModel() {
		return this.baselineModel;
	}

	public void setBaselineModel(@Nullable String baselineModel) {
		this.baselineModel = baselineModel;
	}

}
