package io.llmplatform.gateway;

import io.llmplatform.telemetry.TelemetryProperties;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The header that carries the correlation id: the telemetry starter's
 * {@code platform.telemetry.correlation.header}, or its default where the starter's properties
 * are not in the context. Resolved the same way for every gateway component that reads or writes
 * it, so that they cannot disagree on the name.
 */
public final class CorrelationHeader {

	private CorrelationHeader() {
	}

	/**
	 * The correlation header's name.
	 * @param telemetry the telemetry starter's properties, if present
	 * @return the header name
	 */
	public static String name(ObjectProvider<TelemetryProperties> telemetry) {
		return telemetry.getIfAvailable(TelemetryProperties::new).getCorrelation().getHeader();
	}

}
