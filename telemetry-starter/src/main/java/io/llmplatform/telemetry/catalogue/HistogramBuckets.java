package io.llmplatform.telemetry.catalogue;

/**
 * Bucket boundaries advised by the OpenTelemetry semantic conventions.
 */
public final class HistogramBuckets {

	/** HTTP and generic request durations, seconds (OpenTelemetry HTTP semantic conventions). */
	public static final double[] REQUEST_DURATION_SECONDS = { 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75,
			1, 2.5, 5, 7.5, 10 };

	/** Model call durations, seconds (OpenTelemetry GenAI semantic conventions). */
	public static final double[] GEN_AI_DURATION_SECONDS = { 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
			5.12, 10.24, 20.48, 40.96, 81.92 };

	/** Token counts (OpenTelemetry GenAI semantic conventions). */
	public static final double[] TOKENS = { 1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
			16777216, 67108864 };

	private HistogramBuckets() {
	}

}
