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

}
