package io.llmplatform.telemetry.tracing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the starter traces, beyond Boot's {@code management.tracing.*}.
 */
@ConfigurationProperties("platform.telemetry.tracing")
public class TelemetryTracingProperties {

	/**
	 * Whether actuator requests (health probes, Prometheus scrapes; on the main port under
	 * the actuator base path and on the management port) are observed, making spans and
	 * HTTP server metrics. Off by default: every probe would otherwise start a trace.
	 */
	private boolean actuator = false;

	public boolean isActuator() {
		return this.actuator;
	}

	public void setActuator(boolean actuator) {
		this.actuator = actuator;
	}

}
