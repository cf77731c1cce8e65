package io.llmplatform.telemetry.internal;

import java.util.Map;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.logs.LogLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FixedLogLimitsTests {

	@Test
	void limitsAreReadAsTheSdksAutoconfigurationReadsThem() {
		assertThat(FixedLogLimits.of(DefaultConfigProperties.createFromMap(Map.of()))).isEqualTo(LogLimits.getDefault());
		assertThat(FixedLogLimits.of(DefaultConfigProperties.createFromMap(
				Map.of(FixedLogLimits.ATTRIBUTE_COUNT_LIMIT, "3", FixedLogLimits.ATTRIBUTE_VALUE_LENGTH_LIMIT, "40"))))
			.isEqualTo(LogLimits.builder().setMaxNumberOfAttributes(3).setMaxAttributeValueLength(40).build());
	}

	@Test
	void loggerProviderOfTheAutoconfiguredSdkHasTheConfiguredLimits() {
		AutoConfiguredOpenTelemetrySdkBuilder builder = AutoConfiguredOpenTelemetrySdk.builder()
			.addPropertiesSupplier(() -> Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none",
					"otel.logs.exporter", "none", FixedLogLimits.ATTRIBUTE_COUNT_LIMIT, "3"));
		new FixedLogLimits().customize(builder);
		try (OpenTelemetrySdk sdk = builder.build().getOpenTelemetrySdk()) {
			assertThat(sdk.getSdkLoggerProvider().toString()).contains("maxNumberOfAttributes=3");
		}
	}

}
