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

	/**
	 * The one-sentence description of an item of this part: its {@link Description}, for items
	 * declared in a module that cannot depend on the catalogue (override to describe those).
	 * @param item a documented observation or meter (an enum constant)
	 * @return the description, empty when there is none
	 */
	default String description(Object item) {
		if (!(item instanceof Enum<?> constant)) {
			return "";
		}
		try {
			Description description = constant.getDeclaringClass()
				.getField(constant.name())
				.getAnnotation(Description.class);
			return (description != null) ? description.value() : "";
		}
		catch (NoSuchFieldException ex) {
			return "";
		}
	}

}
