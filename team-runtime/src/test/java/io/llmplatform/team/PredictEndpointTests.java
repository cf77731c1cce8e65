package io.llmplatform.team;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.llmplatform.simulator.ModelSimulatorApplication;
import io.llmplatform.telemetry.test.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team service made of the runtime and a one-line handler, against the model simulator:
 * the contract, its validation and every error as problem details.
 */
class PredictEndpointTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	/** Opens the simulator's admin API. */
	private static final String ADMIN_KEY = ApiKeys.generate();

	private static ConfigurableApplicationContext simulator;

	private static ConfigurableApplicationContext team;

	@BeforeAll
	static void start() {
		// Reactive explicitly: Spring MVC is on this class path too.
		simulator = new SpringApplicationBuilder(ModelSimulatorApplication.class).web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--platform.telemetry.otlp.enabled=false",
					"--simulator.admin.api-key-sha256=" + ApiKeys.sha256Hex(ADMIN_KEY));
		String simulatorUrl = "http://127.0.0.1:" + port(simulator);
		team = new SpringApplicationBuilder(TestTeam.class).run("--server.port=0", "--spring.application.name=team-test",
				"--platform.telemetry.team=test", "--platform.telemetry.otlp.enabled=false",
				"--platform.team.endpoint=quant-endpoint", "--platform.sagemaker.endpoint-override=" + simulatorUrl,
				"--platform.sagemaker.credentials.access-key-id=test",
				"--platform.sagemaker.credentials.secret-access-key=test", "--platform.sagemaker.api-call-timeout=3s",
				"--platform.sagemaker.endpoints.quant-endpoint.model-version=v9", "--vllm.client.base-url=" + simulatorUrl,
				"--platform.team.resilience.sagemaker.circuit-breaker.minimum-number-of-calls=1000");
	}

	@AfterAll
	static void stop() {
		if (team != null) {
			team.close();
		}
		if (simulator != null) {
			simulator.close();
		}
	}

	@AfterEach
	void clearFaults() throws Exception {
		HttpResponse<Void> cleared = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(simulator) + "/admin/faults"))
					.header("Authorization", "Bearer " + ADMIN_KEY)
					.DELETE()
					.build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(cleared.statusCode()).isEqualTo(204);
	}

	@Test
	void answersWithTheContract() throws Exception {
		HttpResponse<String> response = post("/predict", "{\"prompt\":\"What is 2+2?\",\"max_tokens\":16}", "c-ok");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("output").asString()).isNotBlank();
		assertThat(body.get("served_by").asString()).isEqualTo("quant-endpoint");
		assertThat(body.get("model_version").asString()).isEqualTo("v9");
		assertThat(body.get("usage").get("input_tokens").asInt()).isPositive();
		assertThat(body.get("timings").get("total_ms").asLong()).isNotNegative();
		assertThat(body.get("correlation_id").asString()).isEqualTo("c-ok");
	}

	@Test
	void invalidRequestIsA400WithFieldErrors() throws Exception {
		JsonNode problem = problem(post("/predict", "{\"max_tokens\":99999}", "c-400"), 400, "c-400");
		assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.INVALID_REQUEST.toString());
		assertThat(problem.get("errors").toString()).contains("maxTokens", "exactly one of prompt and messages");
	}

	@Test
	void malformedJsonIsA400WithoutParserDetails() throws Exception {
		HttpResponse<String> response = post("/predict", "{\"prompt\": \"secret text", "c-bad");
		JsonNode problem = problem(response, 400, "c-bad");
		assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.MALFORMED_REQUEST.toString());
		assertThat(response.body()).doesNotContain("secret text");
	}

	@Test
	void unknownPathWrongMethodAndMediaTypeAreProblems() throws Exception {
		problem(post("/nothing-here", "{}", "c-404"), 404, "c-404");
		HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri("/predict")).header("X-Correlation-ID", "c-405")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		problem(get, 405, "c-405");
		assertThat(get.headers().firstValue("Allow")).hasValue("POST");
		HttpResponse<String> text = http.send(HttpRequest.newBuilder(uri("/predict"))
			.header("Content-Type", "text/plain")
			.header("X-Correlation-ID", "c-415")
			.POST(HttpRequest.BodyPublishers.ofString("hi"))
			.build(), HttpResponse.BodyHandlers.ofString());
		problem(text, 415, "c-415");
	}

	@Test
	void modelErrorIsA502AndModelTimeoutA504() throws Exception {
		fault("quant-endpoint", "{\"errorRates\":{\"model_error\":1.0}}");
		JsonNode failed = problem(post("/predict", "{\"prompt\":\"x\"}", "c-502"), 502, "c-502");
		assertThat(failed.get("type").asString()).isEqualTo(ProblemTypes.MODEL_ERROR.toString());
		assertThat(failed.get("errorType").asString()).isEqualTo("model_error");
		assertThat(failed.get("model").asString()).isEqualTo("quant-endpoint");
		fault("quant-endpoint", "{\"hangRate\":1.0,\"hangMaxMs\":10000}");
		JsonNode timedOut = problem(post("/predict", "{\"prompt\":\"x\"}", "c-504"), 504, "c-504");
		assertThat(timedOut.get("type").asString()).isEqualTo(ProblemTypes.MODEL_TIMEOUT.toString());
	}

	private static JsonNode problem(HttpResponse<String> response, int status, String correlationId) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("correlationId").asString()).isEqualTo(correlationId);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
		return problem;
	}

	private static void fault(String target, String spec) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(simulator) + "/admin/faults/" + target))
					.header("Content-Type", "application/json")
					.header("Authorization", "Bearer " + ADMIN_KEY)
					.PUT(HttpRequest.BodyPublishers.ofString(spec))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private static HttpResponse<String> post(String path, String body, String correlationId) throws Exception {
		return http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.header("X-Correlation-ID", correlationId)
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port(team) + path);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@SpringBootApplication
	static class TestTeam {

		@Bean
		PredictionHandler handler(TeamModels models) {
			return models::primary;
		}

	}

}
