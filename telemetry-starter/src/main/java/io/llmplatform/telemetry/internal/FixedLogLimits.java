package io.llmplatform.telemetry.internal;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.LogLimitsBuilder;

/**
 * The SDK's log record limits, read from its configuration once. OpenTelemetry's
 * autoconfiguration gives the logger provider a supplier that reads them from the
 * configuration again for every log record, twice (as the record is built and as it is
 * emitted); through the Spring environment that was up to half of what exporting a log line
 * cost the gateway (docs/BENCHMARKS.md, step 18). Internal: not a stable API.
 */
public class FixedLogLimits implements AutoConfigurationCustomizerProvider {

	static final String ATTRIBUTE_VALUE_LENGTH_LIMIT = "otel.attribute.value.length.limit";

	static final String ATTRIBUTE_COUNT_LIMIT = "otel.attribute.count.limit";

	@Override
	public void customize(AutoConfigurationCustomizer autoConfiguration) {
		autoConfiguration.addLoggerProviderCustomizer((builder, config) -> {
			LogLimits limits = of(config);
			return builder.setLogLimits(() -> limits);
		});
	}

	/**
	 * The limits as OpenTelemetry's autoconfiguration reads them.
	 * @param config the SDK's configuration
	 * @return its log record limits, the SDK's defaults where it sets none
	 */
	static LogLimits of(ConfigProperties config) {
		LogLimitsBuilder limits = LogLimits.builder();
		Integer valueLength = config.getInt(ATTRIBUTE_VALUE_LENGTH_LIMIT);
		if (valueLength != null) {
			limits.setMaxAttributeValueLength(valueLength);
		}
		Integer count = config.getInt(ATTRIBUTE_COUNT_LIMIT);
		if (count != null) {
			limits.setMaxNumberOfAttributes(count);
		}
		return limits.build();
	}

}
