package io.llmplatform.team.internal;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Who gets through without a credential configured, and what a bad configuration does. */
class InternalCredentialFilterTests {

	@Test
	void withoutConfiguredCredentialsOnlyLoopbackCallersGetThrough() throws Exception {
		InternalCredentialFilter filter = new InternalCredentialFilter(List.of());
		assertThat(call(filter, "127.0.0.1").getStatus()).isEqualTo(200);
		assertThat(call(filter, "::1").getStatus()).isEqualTo(200);
		MDC.put("correlation_id", "c-remote");
		try {
			MockHttpServletResponse remote = call(filter, "10.1.2.3");
			assertThat(remote.getStatus()).isEqualTo(403);
			assertThat(remote.getContentType()).isEqualTo("application/problem+json");
			assertThat(remote.getContentAsString()).contains("\"type\":\"https://llmplatform.io/problems/forbidden\"",
					"\"detail\":\"only the gateway may call this service\"", "\"correlationId\":\"c-remote\"");
		}
		finally {
			MDC.remove("correlation_id");
		}
	}

	@Test
	void loopbackIsTheWhole127Net8AndIpv6Loopback() {
		assertThat(List.of("127.0.0.1", "127.9.8.7", "::1", "0:0:0:0:0:0:0:1", "[::1]", "::ffff:127.0.0.1"))
			.allMatch(InternalCredentialFilter::isLoopback);
		assertThat(List.of("10.0.0.1", "192.168.1.20", "128.0.0.1", "1270.0.0.1", "::2", "fe80::1", "localhost",
				"::ffff:10.0.0.1", "", "[::1"))
			.noneMatch(InternalCredentialFilter::isLoopback);
		assertThat(InternalCredentialFilter.isLoopback(null)).isFalse();
	}

	@Test
	void aConfiguredValueThatIsNotASha256HashFailsAtStartWithoutRepeatingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InternalCredentialFilter(List.of("plain-secret")))
			.withMessageContaining("platform.team.internal-credential-sha256")
			.withMessageNotContaining("plain-secret");
	}

	@Test
	void withConfiguredCredentialsLoopbackAloneIsNotEnough() throws Exception {
		InternalCredentialFilter filter = new InternalCredentialFilter(List.of("0".repeat(64)));
		assertThat(call(filter, "127.0.0.1").getStatus()).isEqualTo(403);
	}

	private static MockHttpServletResponse call(InternalCredentialFilter filter, String remoteAddress)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/predict");
		request.setRemoteAddr(remoteAddress);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
