package io.llmplatform.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway's class path leaves out so that it starts sooner (docs/BENCHMARKS.md, "Start-up").
 */
class StartupClassPathTests {

	@Test
	void bouncyCastleIsNotOnTheClassPath() {
		// spring-cloud-starter brings it for {cipher} properties; Spring Cloud's bootstrap would load it at every
		// start, from a signed jar that the JVM verifies.
		assertThat(ClassUtils.isPresent("org.bouncycastle.asn1.ASN1Sequence", null)).isFalse();
	}

	@Test
	void jackson2IsNotOnTheClassPathBesideJackson3() {
		// OpenTelemetry's declarative configuration brings it; Spring's web support and the actuator would set it up
		// beside Jackson 3 at every start.
		assertThat(ClassUtils.isPresent("com.fasterxml.jackson.databind.ObjectMapper", null)).isFalse();
		assertThat(ClassUtils.isPresent("tools.jackson.databind.ObjectMapper", null)).isTrue();
	}

}
