package io.llmplatform.telemetry.catalogue;

import java.util.List;

import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * A module's part of the telemetry catalogue: the spans and metrics it emits, declared once
 * as code. Listed in {@code META-INF/spring.factories}; the catalogue gives histograms their
 * buckets and renders {@code docs/telemetry.md} from all contributors on the class path.
 */
public interface TelemetryCatalogueContributor {

	/**
	 * Heading of this part in the documentation.
	 * @return a short title
	 */
	String title();

	/**
	 * Observations (spans, and the timer of each) of this part.
	 * @return the documented observations
	 */
	List<ObservationDocumentation> observations();

	/**
	 * Metrics of this part; {@link HistogramDocumentation} entries carry their buckets.
	 * @return the documented meters
	 */
	List<MeterDocumentation> meters();

}
