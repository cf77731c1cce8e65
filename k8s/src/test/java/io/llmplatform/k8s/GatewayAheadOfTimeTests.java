package io.llmplatform.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's pods start on the bean definitions its build processed ahead of time ({@code -Dspring.aot.enabled=true}
 * in {@code JAVA_TOOL_OPTIONS}) only where their environment leaves every switch the build recorded as the build saw
 * it: elsewhere the gateway would refuse to start (its {@code BuildTimeSwitchesCheck}). The switches are read from the
 * gateway's own jar, as its build wrote them.
 */
class GatewayAheadOfTimeTests {

	static final List<String> OVERLAYS = Manifests.OVERLAYS;

	private static final String RECORDED_SWITCHES = "META-INF/llmplatform/aot-build-switches.properties";

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void aheadOfTimeStartsOnlyWithTheSwitchesTheBuildRecorded(String overlay) throws IOException {
		Map<String, EnvVar> environment = gatewayEnvironment(overlay);
		if (!startsAheadOfTime(environment)) {
			return;
		}
		List<String> differences = new ArrayList<>();
		recordedSwitches().forEach((name, atBuild) -> {
			EnvVar variable = environment.get(environmentVariable((String) name));
			if (variable == null) {
				return;
			}
			if (variable.getValueFrom() != null || !atBuild.toString().equalsIgnoreCase(variable.getValue().trim())) {
				differences.add(variable.getName() + "=" + describe(variable) + " where the build had " + name + "="
						+ atBuild);
			}
		});
		assertThat(differences).as(overlay + ": switches that the ahead-of-time start would refuse").isEmpty();
	}

	@Test
	void everyOverlayButTheRedisQuotaStoresStartsAheadOfTime() throws IOException {
		for (String overlay : OVERLAYS) {
			Map<String, EnvVar> environment = gatewayEnvironment(overlay);
			EnvVar store = environment.get("PLATFORM_GATEWAY_QUOTA_STORE");
			boolean redis = store != null && "redis".equals(store.getValue());
			assertThat(startsAheadOfTime(environment)).as(overlay + (redis ? " (Redis quota store)" : ""))
				.isEqualTo(!redis);
		}
		assertThat(recordedSwitches()).as("the build's recording").containsEntry("platform.gateway.quota.store", "memory");
	}

	private static Map<String, EnvVar> gatewayEnvironment(String overlay) {
		Deployment gateway = Manifests.find(overlay, Deployment.class, "platform", "gateway")
			.orElseThrow(() -> new AssertionError("no gateway Deployment in " + overlay));
		Container app = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
		return app.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, (variable) -> variable));
	}

	private static boolean startsAheadOfTime(Map<String, EnvVar> environment) {
		EnvVar options = environment.get("JAVA_TOOL_OPTIONS");
		return options != null && options.getValue() != null
				&& List.of(options.getValue().trim().split("\\s+")).contains("-Dspring.aot.enabled=true");
	}

	/** Spring Boot's binding from the environment: upper case, dots to underscores, dashes dropped. */
	private static String environmentVariable(String property) {
		return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	private static String describe(EnvVar variable) {
		return (variable.getValueFrom() != null) ? "(from " + variable.getValueFrom() + ")" : variable.getValue();
	}

	private static Properties recordedSwitches() throws IOException {
		Properties switches = new Properties();
		try (InputStream in = GatewayAheadOfTimeTests.class.getClassLoader().getResourceAsStream(RECORDED_SWITCHES)) {
			assertThat(in).as(RECORDED_SWITCHES + " in the gateway's jar (process-aot in gateway/pom.xml)").isNotNull();
			switches.load(in);
		}
		return switches;
	}

}
