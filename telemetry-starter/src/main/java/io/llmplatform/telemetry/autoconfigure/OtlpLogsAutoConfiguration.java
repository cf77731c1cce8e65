package io.llmplatform.telemetry.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import io.llmplatform.telemetry.internal.OpenTelemetryAppenderInstaller;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Sends Logback's log records through the process's OpenTelemetry SDK (which Spring Boot
 * exports over OTLP), with the trace context of the logging thread and the correlation id.
 * Spring Boot configures the export but leaves the bridge from Logback to the user.
 */
@AutoConfiguration(after = OpenTelemetrySdkAutoConfiguration.class)
@ConditionalOnClass({ OpenTelemetryAppender.class, LoggerContext.class })
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnBooleanProperty(name = "platform.telemetry.logging.otlp", matchIfMissing = true)
public final class OtlpLogsAutoConfiguration {

	OtlpLogsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	OpenTelemetryAppenderInstaller openTelemetryAppenderInstaller(OpenTelemetry openTelemetry) {
		return new OpenTelemetryAppenderInstaller(openTelemetry);
	}

}
