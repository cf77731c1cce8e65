package io.llmplatform.team.quant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator is the embedded default; the {@code eks} profile (k8s/overlays/eks) leaves
 * SageMaker's real endpoint and the default credential chain.
 */
class EmbeddedDefaultsTests {

	@Test
	void simulatorByDefault() {
		try (ConfigurableApplicationContext context = load()) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("platform.sagemaker.endpoint-override"))
				.isEqualTo("http://localhost:8200");
			assertThat(environment.getProperty("platform.sagemaker.credentials.access-key-id")).isNotNull();
		}
	}

	@Test
	void realSageMakerOnEks() {
		try (ConfigurableApplicationContext context = load("eks")) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("platform.sagemaker.endpoint-override")).isNull();
			assertThat(environment.getProperty("platform.sagemaker.credentials.access-key-id")).isNull();
			assertThat(environment.getProperty("platform.team.endpoint")).isEqualTo("quant-endpoint");
		}
	}

	private static ConfigurableApplicationContext load(String... profiles) {
		// Only the configuration files: no auto-configuration, no server.
		return new SpringApplicationBuilder(Nothing.class).web(WebApplicationType.NONE)
			.profiles(profiles)
			.properties("spring.main.banner-mode=off", "platform.telemetry.logging.json=false")
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	static class Nothing {

	}

}
