package io.llmplatform.gateway.problem;

import io.llmplatform.gateway.CorrelationHeader;
import io.llmplatform.telemetry.TelemetryProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * Problem details for every error answered on the main port.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemDetailsConfiguration {

	@Bean
	ProblemDetailsExceptionHandler problemDetailsExceptionHandler(ObjectProvider<TelemetryProperties> telemetry,
			ServerCodecConfigurer codecs) {
		return new ProblemDetailsExceptionHandler(CorrelationHeader.name(telemetry), codecs);
	}

}
