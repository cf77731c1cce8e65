package io.llmplatform.telemetry.catalogue;

import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * A documented histogram (timer or distribution summary) with its explicit bucket
 * boundaries, so that the scrape and the OTLP export carry the same buckets.
 */
public interface HistogramDocumentation extends MeterDocumentation {

	/**
	 * Bucket upper bounds, in seconds for timers and in the base unit otherwise.
	 * @return the boundaries, ascending
	 */
	double[] getBuckets();

}
