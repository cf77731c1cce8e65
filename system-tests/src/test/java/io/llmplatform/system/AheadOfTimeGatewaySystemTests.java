package io.llmplatform.system;

import java.time.Duration;
import java.util.Map;

import io.llmplatform.telemetry.test.JavaProcess;
import io.llmplatform.telemetry.test.LocalSuite;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's jar started on the beans its build processed ahead of time, as the suite's other system tests and
 * bin/run-local start it: a start whose switches the build did not decide on is refused, and says why.
 */
class AheadOfTimeGatewaySystemTests {

	@Test
	void aStartThatAsksForTheRedisQuotaStoreIsRefusedWithTheSwitchNamed() throws Exception {
		try (JavaProcess gateway = JavaProcess.startJar(LocalSuite.executableJar("gateway"),
				Map.of("JAVA_TOOL_OPTIONS", "-Dspring.aot.enabled=true"), "--platform.gateway.quota.store=redis",
				"--server.port=" + JavaProcess.freePort(), "--management.server.port=" + JavaProcess.freePort())) {
			int exitCode = gateway.awaitExit(Duration.ofSeconds(60));
			String output = String.join("\n", gateway.output());
			assertThat(exitCode).as(output).isNotZero();
			assertThat(output).contains("APPLICATION FAILED TO START",
					"platform.gateway.quota.store is 'redis' here and was 'memory' in the build",
					"Start the gateway without -Dspring.aot.enabled=true")
				.doesNotContain("Started GatewayApplication", "\tat ");
		}
	}

	@Test
	void withoutTheProcessedBeansTheSameStartGoesAhead() throws Exception {
		// The check is the ahead-of-time start's only: the ordinary start decides the beans from these switches.
		try (JavaProcess gateway = JavaProcess.startJar(LocalSuite.executableJar("gateway"), Map.of(),
				"--platform.gateway.quota.store=redis", "--spring.data.redis.port=" + JavaProcess.freePort(),
				"--server.port=" + JavaProcess.freePort(), "--management.server.port=" + JavaProcess.freePort())) {
			gateway.awaitOutput("Started GatewayApplication", Duration.ofSeconds(90));
			assertThat(String.join("\n", gateway.output())).doesNotContain("APPLICATION FAILED TO START");
		}
	}

}
