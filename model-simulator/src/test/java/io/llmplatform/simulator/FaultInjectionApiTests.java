package io.llmplatform.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API that injects faults at run time, and the metrics that show them. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "simulator.admin.api-key-sha256=" + SimulatorClient.ADMIN_KEY_SHA256)
class FaultInjectionApiTests {

	private static final String INVOKE = "/endpoints/quant-endpoint/invocations";

	private static final String BODY = "{\"inputs\": \"hello\", \"parameters\": {\"max_new_tokens\": 4}}";

	@LocalServerPort
	int port;

	private SimulatorClient client;

	@BeforeEach
	void createClient() {
		client = new SimulatorClient(port).withBearer(SimulatorClient.ADMIN_KEY);
	}

	@AfterEach
	void clearFaults() {
		assertThat(client.delete("/admin/faults").statusCode()).isEqualTo(204);
	}

	@Test
	void putListAndDeleteFaults() {
		HttpResponse<String> put = client.put("/admin/faults/quant-endpoint",
				"{\"errorRates\": {\"unavailable\": 1.0}, \"addedLatencyMs\": 5}");
		assertThat(put.statusCode()).isEqualTo(200);

		JsonNode listed = SimulatorClient.json(client.get("/admin/faults"));
		assertThat(listed.at("/targets/quant-endpoint/errorRates/unavailable").asDouble()).isEqualTo(1.0);
		assertThat(listed.at("/targets/quant-endpoint/addedLatencyMs").asLong()).isEqualTo(5);
		HttpResponse<String> failed = client.post(INVOKE, BODY);
		assertThat(failed.statusCode()).isEqualTo(503);
		assertThat(failed.headers().firstValue("x-amzn-ErrorType")).hasValueSatisfying(
				type -> assertThat(type).startsWith("ServiceUnavailable:"));

		assertThat(client.delete("/admin/faults/quant-endpoint").statusCode()).isEqualTo(204);
		assertThat(SimulatorClient.json(client.get("/admin/faults")).get("targets").isEmpty()).isTrue();
		assertThat(client.post(INVOKE, BODY).statusCode()).isEqualTo(200);
	}

	@Test
	void everyInjectionIsCountedAndActiveFaultsAreGauges() {
		client.put("/admin/faults/quant-endpoint", "{\"errorRates\": {\"model_error\": 1.0}}");
		client.put("/admin/faults/llm-baseline", "{\"addedLatencyMs\": 1, \"hangRate\": 0.0}");
		for (int i = 0; i < 3; i++) {
			assertThat(client.post(INVOKE, BODY).statusCode()).isEqualTo(424);
		}
		client.post("/v1/completions", "{\"model\": \"llm-baseline\", \"prompt\": \"x\", \"max_tokens\": 2}");

		PrometheusTextParser metrics = client.metrics();

		assertThat(metrics.require("simulator_faults_injected_total",
				Map.of("target", "quant-endpoint", "fault", "model_error"))).isEqualTo(3);
		assertThat(metrics.require("simulator_faults_injected_total",
				Map.of("target", "llm-baseline", "fault", "added_latency"))).isEqualTo(1);
		assertThat(metrics.require("simulator_faults_active", Map.of("target", "quant-endpoint", "fault", "model_error")))
			.isEqualTo(1.0);
		assertThat(metrics.require("simulator_faults_active", Map.of("target", "llm-baseline", "fault", "added_latency")))
			.isEqualTo(0.001);

		client.delete("/admin/faults/quant-endpoint");
		assertThat(client.metrics().value("simulator_faults_active",
				Map.of("target", "quant-endpoint", "fault", "model_error"))).isEmpty();
	}

	@Test
	void errorRateInjectsAboutThatShareOfRequests() {
		client.put("/admin/faults/finetune-endpoint", "{\"errorRates\": {\"internal\": 0.3, \"throttled\": 0.2}}");
		int ok = 0;
		int internal = 0;
		int throttled = 0;
		for (int i = 0; i < 200; i++) {
			HttpResponse<String> response = client.post("/endpoints/finetune-endpoint/invocations", BODY);
			String type = response.headers().firstValue("x-amzn-ErrorType").orElse("");
			if (response.statusCode() == 200) {
				ok++;
			}
			else if (type.startsWith("InternalFailure:")) {
				internal++;
			}
			else if (type.startsWith("ThrottlingException:")) {
				throttled++;
			}
		}
		assertThat(ok + internal + throttled).isEqualTo(200);
		assertThat(internal).isBetween(35, 85);
		assertThat(throttled).isBetween(20, 60);
		assertThat(ok).isBetween(70, 130);
	}

	@Test
	void addedLatencyDelaysTheAnswer() {
		client.put("/admin/faults/judge-endpoint", "{\"addedLatencyMs\": 300}");
		long start = System.nanoTime();

		assertThat(client.post("/endpoints/judge-endpoint/invocations", BODY).statusCode()).isEqualTo(200);

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void throttleAboveRpsThrottlesTheExcessAndCountsIt() {
		client.put("/admin/faults/llm-baseline", "{\"throttleAboveRps\": 2}");
		int throttled = 0;
		for (int i = 0; i < 8; i++) {
			HttpResponse<String> response = client.post("/v1/completions",
					"{\"model\": \"llm-baseline\", \"prompt\": \"x\", \"max_tokens\": 1}");
			if (response.statusCode() == 429) {
				throttled++;
			}
		}
		assertThat(throttled).isGreaterThanOrEqualTo(4);
		assertThat(client.metrics().require("simulator_faults_injected_total",
				Map.of("target", "llm-baseline", "fault", "rate_limited"))).isEqualTo(throttled);
	}

	@Test
	void healthSwitchMakesHealthFailAndShowsInMetrics() {
		assertThat(client.get("/health").statusCode()).isEqualTo(200);

		assertThat(client.put("/admin/health", "{\"failing\": true}").statusCode()).isEqualTo(200);
		assertThat(client.get("/health").statusCode()).isEqualTo(503);
		assertThat(client.get("/health").statusCode()).isEqualTo(503);
		PrometheusTextParser metrics = client.metrics();
		assertThat(metrics.require("simulator_faults_active", Map.of("target", "server", "fault", "health"))).isEqualTo(1);
		assertThat(metrics.require("simulator_faults_injected_total", Map.of("target", "server", "fault", "health")))
			.isGreaterThanOrEqualTo(2);
		assertThat(SimulatorClient.json(client.get("/admin/faults")).get("healthFailing").asBoolean()).isTrue();

		assertThat(client.delete("/admin/health").statusCode()).isEqualTo(204);
		assertThat(client.get("/health").statusCode()).isEqualTo(200);
	}

	@Test
	void badSpecsAndUnknownTargetsAreRejected() {
		assertThat(client.put("/admin/faults/no-such-model", "{}").statusCode()).isEqualTo(404);
		assertThat(client.put("/admin/faults/quant-endpoint", "{\"errorRates\": {\"bogus\": 0.5}}").statusCode())
			.isEqualTo(400);
		assertThat(client.put("/admin/faults/quant-endpoint",
				"{\"errorRates\": {\"internal\": 0.7, \"validation\": 0.7}}").statusCode()).isEqualTo(400);
		assertThat(client.put("/admin/faults/quant-endpoint", "{\"hangRate\": 2}").statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(client.get("/admin/faults")).get("targets").isEmpty()).isTrue();
	}

}
