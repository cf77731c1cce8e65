package io.llmplatform.simulator;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Faults, endpoint names and model names come from configuration too. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "simulator.sagemaker.endpoints=alpha-endpoint,beta-endpoint", "simulator.vllm.models=tiny-llm",
				"simulator.faults.beta-endpoint.error-rates.internal=1.0", "simulator.health-failing=true" })
class StartupFaultsTests {

	@LocalServerPort
	int port;

	@Test
	void configuredNamesAndFaultsAreInForceFromStartUp() {
		SimulatorClient client = new SimulatorClient(port);
		String body = "{\"inputs\": \"hello\"}";

		assertThat(client.post("/endpoints/alpha-endpoint/invocations", body).statusCode()).isEqualTo(200);
		assertThat(client.post("/endpoints/beta-endpoint/invocations", body).statusCode()).isEqualTo(500);
		assertThat(client.post("/endpoints/quant-endpoint/invocations", body).statusCode()).isEqualTo(400);
		assertThat(client.post("/v1/completions", "{\"model\": \"tiny-llm\", \"prompt\": \"x\"}").statusCode())
			.isEqualTo(200);
		assertThat(client.post("/v1/completions", "{\"model\": \"llm-baseline\", \"prompt\": \"x\"}").statusCode())
			.isEqualTo(404);
		assertThat(client.get("/health").statusCode()).isEqualTo(503);
		assertThat(client.metrics().require("simulator_faults_active",
				Map.of("target", "beta-endpoint", "fault", "internal"))).isEqualTo(1.0);
	}

}
