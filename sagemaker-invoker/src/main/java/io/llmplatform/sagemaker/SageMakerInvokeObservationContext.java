package io.llmplatform.sagemaker;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * One SageMaker call while its metrics are observed: which endpoint, for which team and model
 * version, and what went wrong if it failed.
 */
public class SageMakerInvokeObservationContext extends Observation.Context {

	private final String endpoint;

	private final String team;

	private final String modelVersion;

	private @Nullable String errorType;

	public SageMakerInvokeObservationContext(String endpoint, String team, String modelVersion) {
		this.endpoint = endpoint;
		this.team = team;
		this.modelVersion = modelVersion;
	}

	public String getEndpoint() {
		return this.endpoint;
	}

	public String getTeam() {
		return this.team;
	}

	public String getModelVersion() {
		return this.modelVersion;
	}

	/**
	 * Why the call failed.
	 * @return a value of {@link SageMakerErrorTypes}, {@code null} while the call has not failed
	 */
	public @Nullable String getErrorType() {
		return this.errorType;
	}

	public void setErrorType(@Nullable String errorType) {
		this.errorType = errorType;
	}

}
