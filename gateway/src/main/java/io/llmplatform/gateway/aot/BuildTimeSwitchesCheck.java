package io.llmplatform.gateway.aot;

import java.util.List;

import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses a start on the ahead-of-time processed beans when a {@link BuildTimeSwitches switch} differs from the
 * build's. Last of the environment post-processors, so that the switches others derive (the telemetry starter's
 * {@code otel.sdk.disabled}) are compared too.
 */
class BuildTimeSwitchesCheck implements EnvironmentPostProcessor, Ordered {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!AotDetector.useGeneratedArtifacts()) {
			return;
		}
		String recorded = BuildTimeSwitches.recorded(application.getClassLoader());
		if (recorded == null) {
			// Not processed by this build: Spring itself refuses the start, for want of the generated initializer.
			return;
		}
		List<String> differences = BuildTimeSwitches.differences(recorded, environment);
		if (!differences.isEmpty()) {
			throw new BuildTimeSwitchesException(differences);
		}
	}

}
