package io.llmplatform.simulator;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API opens only with its own key, {@code Authorization: Bearer}; without a key configured it is
 * off. The model APIs, {@code /metrics} and {@code /health} never need one.
 */
class AdminApiKeyTests {

	private static final String INVOKE = "/endpoints/quant-endpoint/invocations";

	private static final String BODY = "{\"inputs\": \"hello\", \"parameters\": {\"max_new_tokens\": 4}}";

	private static final String FAULT = "{\"errorRates\": {\"model_error\": 1.0}}";

	private static final String NEXT_KEY = "next-admin-key";

	@Test
	void theTestKeysHashIsItsSha256() throws Exception {
		assertThat(HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256")
				.digest(SimulatorClient.ADMIN_KEY.getBytes(StandardCharsets.UTF_8))))
			.isEqualTo(SimulatorClient.ADMIN_KEY_SHA256);
	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "simulator.admin.api-key-sha256="
			+ SimulatorClient.ADMIN_KEY_SHA256 + ",4ae439ab054d918e2e2af0d6b8dae2e985dc58e40acaa803f2b9aac08bd2982d")
	class WithAKey {

		@LocalServerPort
		int port;

		@AfterEach
		void clearFaults() {
			assertThat(admin().delete("/admin/faults").statusCode()).isEqualTo(204);
		}

		@Test
		void noKeyIsA401ProblemAskingForABearerToken() {
			HttpResponse<String> response = new SimulatorClient(port).put("/admin/faults/quant-endpoint", FAULT);
			unauthenticated(response);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
			assertNoFaultInForce();
		}

		@Test
		void aWrongKeyOrSchemeIsA401() {
			SimulatorClient anonymous = new SimulatorClient(port);
			unauthenticated(anonymous.withBearer("wrong-key").put("/admin/faults/quant-endpoint", FAULT));
			unauthenticated(anonymous.withBearer("").get("/admin/faults"));
			unauthenticated(anonymous.withAuthorization(SimulatorClient.ADMIN_KEY).get("/admin/faults"));
			unauthenticated(anonymous.withAuthorization("Basic " + SimulatorClient.ADMIN_KEY).delete("/admin/health"));
			assertNoFaultInForce();
		}

		@Test
		void encodedOrDoubledSlashPathsAreNoWayAround() {
			SimulatorClient anonymous = new SimulatorClient(port);
			unauthenticated(anonymous.put("/%61dmin/faults/quant-endpoint", FAULT));
			unauthenticated(anonymous.put("//admin/faults/quant-endpoint", FAULT));
			unauthenticated(anonymous.put("/admin;x=y/faults/quant-endpoint", FAULT));
			unauthenticated(anonymous.put("/ADMIN/faults/quant-endpoint", FAULT));
			assertNoFaultInForce();
		}

		@Test
		void theKeyOpensTheAdminApiAndSoDoesTheNextOneDuringARotation() {
			assertThat(admin().put("/admin/faults/quant-endpoint", FAULT).statusCode()).isEqualTo(200);
			assertThat(new SimulatorClient(port).post(INVOKE, BODY).statusCode()).isEqualTo(424);
			assertThat(new SimulatorClient(port).withAuthorization("bearer " + NEXT_KEY)
				.delete("/admin/faults/quant-endpoint")
				.statusCode()).isEqualTo(204);
			assertThat(new SimulatorClient(port).post(INVOKE, BODY).statusCode()).isEqualTo(200);
		}

		@Test
		void modelApisMetricsAndHealthNeedNoKey() {
			SimulatorClient anonymous = new SimulatorClient(port);
			assertThat(anonymous.post(INVOKE, BODY).statusCode()).isEqualTo(200);
			assertThat(anonymous.post("/v1/completions",
					"{\"model\": \"llm-baseline\", \"prompt\": \"x\", \"max_tokens\": 1}").statusCode())
				.isEqualTo(200);
			assertThat(anonymous.get("/v1/models").statusCode()).isEqualTo(200);
			assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(200);
			assertThat(anonymous.get("/health").statusCode()).isEqualTo(200);
		}

		private void assertNoFaultInForce() {
			assertThat(SimulatorClient.json(admin().get("/admin/faults")).get("targets").isEmpty()).isTrue();
		}

		private SimulatorClient admin() {
			return new SimulatorClient(port).withBearer(SimulatorClient.ADMIN_KEY);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	class WithoutAKey {

		@LocalServerPort
		int port;

		@Test
		void theAdminApiIsDisabledWithA403Problem() {
			HttpResponse<String> response = new SimulatorClient(port).withBearer(SimulatorClient.ADMIN_KEY)
				.put("/admin/faults/quant-endpoint", FAULT);
			JsonNode problem = problem(response, 403);
			assertThat(problem.get("type").asString()).isEqualTo("https://llmplatform.io/problems/forbidden");
			assertThat(problem.get("detail").asString()).contains("disabled", "simulator.admin.api-key-sha256");
			assertThat(new SimulatorClient(port).post(INVOKE, BODY).statusCode()).isEqualTo(200);
			assertThat(new SimulatorClient(port).get("/health").statusCode()).isEqualTo(200);
		}

	}

	private static void unauthenticated(HttpResponse<String> response) {
		JsonNode problem = problem(response, 401);
		assertThat(problem.get("type").asString()).isEqualTo("https://llmplatform.io/problems/unauthenticated");
	}

	private static JsonNode problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = SimulatorClient.json(response);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(response.body()).doesNotContain(SimulatorClient.ADMIN_KEY);
		return problem;
	}

}
