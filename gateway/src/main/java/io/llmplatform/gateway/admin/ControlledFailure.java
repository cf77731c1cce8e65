package io.llmplatform.gateway.admin;

import java.util.Arrays;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The controlled failures of the operations panel (the first seed's "controlled failure
 * observability"): each makes one team fail in a way its dashboards and alerts must show.
 */
public enum ControlledFailure {

	/** Every call to the team's models hangs until the team's model timeout: {@code model-timeout} problems. */
	MODEL_TIMEOUT("model-timeout", "{\"hangRate\": 1.0}"),

	/** Every call to the team's models fails as a model error: {@code model-error} problems. */
	MODEL_ERROR("model-error", "{\"errorRates\": {\"model_error\": 1.0}}"),

	/** The team's token budget is spent: {@code quota-exceeded} (429) and the {@code exceeded quota} log line. */
	QUOTA_EXHAUSTION("quota-exhaustion", null);

	private final String slug;

	private final @Nullable String simulatorFault;

	ControlledFailure(String slug, @Nullable String simulatorFault) {
		this.slug = slug;
		this.simulatorFault = simulatorFault;
	}

	/** The name in the admin API's paths. */
	public String slug() {
		return this.slug;
	}

	/** The fault spec sent to the model simulator, or {@code null} for a failure of the gateway's own. */
	@Nullable String simulatorFault() {
		return this.simulatorFault;
	}

	static Optional<ControlledFailure> of(String slug) {
		return Arrays.stream(values()).filter((failure) -> failure.slug.equals(slug)).findFirst();
	}

}
