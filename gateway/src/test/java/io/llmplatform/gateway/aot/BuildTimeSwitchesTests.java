package io.llmplatform.gateway.aot;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class BuildTimeSwitchesTests {

	@Test
	void aBuildOnTheDefaultsRecordsEverySwitchsDefault() {
		assertThat(BuildTimeSwitches.describe(new MockEnvironment())).contains("platform.gateway.quota.store=memory\n",
				"otel.sdk.disabled=false\n", "platform.telemetry.tracing.actuator=false\n");
	}

	@Test
	void aStartWithTheBuildsSwitchesDiffersInNothing() {
		String recorded = BuildTimeSwitches.describe(new MockEnvironment());
		assertThat(BuildTimeSwitches.differences(recorded, new MockEnvironment())).isEmpty();
		assertThat(BuildTimeSwitches.differences(recorded,
				new MockEnvironment().withProperty("otel.sdk.disabled", "FALSE")
					.withProperty("platform.gateway.quota.store", " memory")))
			.as("a default set explicitly, in another case")
			.isEmpty();
	}

	@Test
	void aStartThatAsksForAnotherQuotaStoreOrNoSdkIsNamed() {
		String recorded = BuildTimeSwitches.describe(new MockEnvironment());
		MockEnvironment redisWithoutSdk = new MockEnvironment().withProperty("platform.gateway.quota.store", "redis")
			.withProperty("otel.sdk.disabled", "true");
		assertThat(BuildTimeSwitches.differences(recorded, redisWithoutSdk)).containsExactly(
				"platform.gateway.quota.store is 'redis' here and was 'memory' in the build",
				"otel.sdk.disabled is 'true' here and was 'false' in the build");
	}

	@Test
	void aBuildWithASwitchSetRefusesTheDefault() {
		String recorded = BuildTimeSwitches
			.describe(new MockEnvironment().withProperty("platform.gateway.quota.store", "redis"));
		assertThat(BuildTimeSwitches.differences(recorded, new MockEnvironment()))
			.containsExactly("platform.gateway.quota.store is 'memory' here and was 'redis' in the build");
	}

	@Test
	void aRecordingWithoutASwitchTakesItsDefault() {
		// A switch added after the build: the build's conditions took its default.
		assertThat(BuildTimeSwitches.differences("otel.sdk.disabled=false\n", new MockEnvironment())).isEmpty();
		assertThat(BuildTimeSwitches.differences("", new MockEnvironment().withProperty(
				"platform.telemetry.tracing.actuator", "true")))
			.containsExactly("platform.telemetry.tracing.actuator is 'true' here and was 'false' in the build");
	}

}
