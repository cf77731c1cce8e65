package io.llmplatform.telemetry.autoconfigure;

import java.util.List;

import io.llmplatform.genai.GenAiCall;
import io.llmplatform.telemetry.genai.GenAiMeterObservationHandler;
import io.llmplatform.genai.GenAiRequest;
import io.llmplatform.genai.GenAiTelemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class GenAiTelemetryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				GenAiTelemetryAutoConfiguration.class));

	@Test
	void providesTheApiAndTheMeterHandler() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(GenAiTelemetry.class)
			.hasSingleBean(GenAiMeterObservationHandler.class));
	}

	@Test
	void genAiMetricsAreRecordedByItsOwnHandlerNotMicrometersDefault() {
		this.contextRunner.run((context) -> {
			GenAiTelemetry genAi = context.getBean(GenAiTelemetry.class);
			try (GenAiCall call = genAi.start(GenAiRequest.chat("vllm", "m"))) {
				call.firstChunk().usage(12, 5).finishReasons(List.of("stop"));
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary())
				.isNotNull()
				.satisfies((summary) -> assertThat(summary.totalAmount()).isEqualTo(12));
			assertThat(registry.find("gen_ai.client.operation.time_to_first_chunk").timer()).isNotNull();
			assertThat(registry.find("gen_ai.client.operation.duration")
				.tags("gen_ai.provider.name", "vllm", "gen_ai.request.model", "m", "error.type", "")
				.timer()).isNotNull();
			assertThat(registry.find("gen_ai.client.operation.duration").tagKeys("error").timer())
				.as("Micrometer's default handler would have added an 'error' tag")
				.isNull();
		});
	}

	@Test
	void errorTypeBecomesALabel() {
		this.contextRunner.run((context) -> {
			GenAiTelemetry genAi = context.getBean(GenAiTelemetry.class);
			GenAiCall call = genAi.start(GenAiRequest.chat("aws.sagemaker", "judge"));
			call.error("timeout", new IllegalStateException("no answer")).end();
			assertThat(context.getBean(MeterRegistry.class)
				.find("gen_ai.client.operation.duration")
				.tag("error.type", "timeout")
				.timer()).isNotNull();
		});
	}

	@Test
	void contentCaptureIsOffUnlessSwitchedOn() {
		this.contextRunner.run((context) -> assertThat(context.getBean(GenAiTelemetry.class).isCaptureContent())
			.isFalse());
		this.contextRunner.withPropertyValues("platform.telemetry.gen-ai.capture-content=true")
			.run((context) -> assertThat(context.getBean(GenAiTelemetry.class).isCaptureContent()).isTrue());
	}

	@Test
	void whenHasUserSuppliedBeansDoesNotProvideBeans() {
		this.contextRunner.withUserConfiguration(UserConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(GenAiTelemetry.class).hasBean("customGenAiTelemetry");
			assertThat(context).hasSingleBean(GenAiMeterObservationHandler.class).hasBean("customHandler");
		});
	}

	@Test
	void withoutObservationRegistryBacksOff() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GenAiTelemetryAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GenAiTelemetry.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GenAiTelemetry.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserConfiguration {

		@Bean
		GenAiTelemetry customGenAiTelemetry() {
			return new GenAiTelemetry(ObservationRegistry.NOOP, null, false);
		}

		@Bean
		GenAiMeterObservationHandler customHandler(MeterRegistry registry) {
			return new GenAiMeterObservationHandler(registry);
		}

	}

}
