package io.llmplatform.simulator.faults;

import java.util.Locale;

/**
 * Errors that can be injected, named as the suite's {@code error_type} label names them. Each protocol
 * renders them in its own shape: SageMaker as {@code x-amzn-ErrorType} + JSON, vLLM as OpenAI errors.
 */
public enum ErrorKind {

	/** SageMaker {@code ModelError} (424); vLLM 500. */
	MODEL_ERROR("model_error", "modelerror"),

	/** SageMaker {@code ValidationError} (400); vLLM 400. */
	VALIDATION("validation", "validationerror"),

	/** SageMaker {@code ThrottlingException} (400, as AWS sends it); vLLM 429. */
	THROTTLED("throttled", "throttling", "throttlingexception"),

	/** SageMaker {@code ServiceUnavailable} (503); vLLM 503. */
	UNAVAILABLE("unavailable", "serviceunavailable"),

	/** SageMaker {@code InternalFailure} (500); vLLM 500. */
	INTERNAL("internal", "internalfailure");

	private final String label;

	private final String[] aliases;

	ErrorKind(String label, String... aliases) {
		this.label = label;
		this.aliases = aliases;
	}

	/** The value of the {@code fault} label in {@code simulator_faults_injected_total}. */
	public String label() {
		return label;
	}

	/**
	 * Accepts {@code model_error}, {@code ModelError}, {@code modelerror} and the like: property binding
	 * strips underscores from map keys, and people type the AWS names.
	 */
	public static ErrorKind parse(String name) {
		String normalized = name.replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
		for (ErrorKind kind : values()) {
			if (kind.label.replace("_", "").equals(normalized)) {
				return kind;
			}
			for (String alias : kind.aliases) {
				if (alias.equals(normalized)) {
					return kind;
				}
			}
		}
		throw new IllegalArgumentException("Unknown error type '" + name
				+ "': use model_error, validation, throttled, unavailable or internal");
	}

}
