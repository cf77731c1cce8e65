package io.llmplatform.gateway.problem;

import io.llmplatform.telemetry.TelemetryProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * Problem details for every error answered on the main port.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemDetailsConfiguration {

	@Bean
	ProblemDetailsExceptionHandler problemDetailsExceptionHandler(TelemetryProperties telemetry,
			ServerCodecConfigurer codecs) {
		return new ProblemDetailsExceptionHandler(telemetry.getCorrelation().getHeader(), codecs);
	}

}
