package io.llmplatform.telemetry.autoconfigure;

import io.llmplatform.telemetry.web.OpenTelemetryClientRequestObservationConvention;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.observation.ClientRequestObservationConvention;

/**
 * Outbound HTTP ({@code RestClient}, {@code RestTemplate}): the OpenTelemetry HTTP client
 * conventions for the observation Boot puts on every client it builds.
 */
@AutoConfiguration
@ConditionalOnClass(ClientRequestObservationConvention.class)
public final class HttpClientTelemetryAutoConfiguration {

	HttpClientTelemetryAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(ClientRequestObservationConvention.class)
	OpenTelemetryClientRequestObservationConvention openTelemetryClientRequestObservationConvention() {
		return new OpenTelemetryClientRequestObservationConvention();
	}

}
