package io.llmplatform.telemetry.autoconfigure;

import io.llmplatform.telemetry.internal.OpenTelemetryAppenderInstaller;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpLogsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class, OtlpLogsAutoConfiguration.class));

	@Test
	void installsTheAppenderWhenThereIsAnOpenTelemetry() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(OpenTelemetryAppenderInstaller.class));
	}

	@Test
	void backsOffWithoutOpenTelemetryWhenSwitchedOffOrWithoutTheAppender() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OtlpLogsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OpenTelemetryAppenderInstaller.class));
		this.contextRunner.withPropertyValues("platform.telemetry.logging.otlp=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OpenTelemetryAppenderInstaller.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader(OpenTelemetryAppender.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OpenTelemetryAppenderInstaller.class));
	}

	@Test
	void whenHasUserSuppliedInstallerDoesNotProvideOne() {
		this.contextRunner
			.withBean("customInstaller", OpenTelemetryAppenderInstaller.class,
					() -> new OpenTelemetryAppenderInstaller(OpenTelemetry.noop()))
			.run((context) -> assertThat(context).hasSingleBean(OpenTelemetryAppenderInstaller.class)
				.hasBean("customInstaller"));
	}

}
