package io.llmplatform.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.llmplatform.telemetry.test.LocalSuite;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix on real processes: the simulator, the three teams and the gateway as JVMs on
 * loopback, faults put in force through the simulator's admin API, services killed and restarted.
 * For each fault, {@value #N} requests per team (the teams in parallel, each team's in sequence,
 * so that the breaker's count is known): every request is answered within its deadline plus a
 * margin, with the documented status, problem type and errorType; every correlation id sent comes
 * back exactly once; the breaker opens after its minimum number of failed calls and admits traffic
 * again after its wait in open plus one request once the fault is cleared; prompts beyond the
 * model's context never open a breaker; retries are events on the team's SERVER span, as exported.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixSystemTests {

	/** Requests per team and fault. */
	private static final int N = 4;

	/** The gateway's deadline for every team in this suite. */
	private static final Duration DEADLINE = Duration.ofSeconds(5);

	/** What a request may take beyond its deadline: the gateway's answer on loopback, a loaded machine. */
	private static final Duration MARGIN = Duration.ofMillis(1500);

	/** The breakers' wait in open, team and gateway alike. */
	private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(2);

	/**
	 * Failed calls that open a breaker: window = minimum number of calls, failure rate 100 %, so a
	 * breaker opens exactly when its last calls all failed, whatever succeeded before (the defaults,
	 * 50 % of 10, are documented in the README).
	 */
	private static final int BREAKER_CALLS = 4;

	private static final Map<String, String> TARGETS = Map.of("quant", "quant-endpoint", "finetune",
			"finetune-endpoint", "eval", "judge-endpoint");

	private static final String PROBLEMS = "https://llmplatform.io/problems/";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Map<String, Integer> sent = new ConcurrentHashMap<>();

	private static final Map<String, Integer> answered = new ConcurrentHashMap<>();

	private static OtlpReceiver receiver;

	private static LocalSuite suite;

	private static ExecutorService teams;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() throws Exception {
		receiver = resources.add(OtlpReceiver.start());
		Map<String, String> breaker = new LinkedHashMap<>();
		for (String kind : List.of("sagemaker", "baseline")) {
			String prefix = "platform.team.resilience." + kind + ".circuit-breaker.";
			breaker.put(prefix + "sliding-window-size", Integer.toString(BREAKER_CALLS));
			breaker.put(prefix + "minimum-number-of-calls", Integer.toString(BREAKER_CALLS));
			breaker.put(prefix + "wait-duration-in-open-state", WAIT_IN_OPEN.toMillis() + "ms");
			breaker.put(prefix + "permitted-number-of-calls-in-half-open-state", "2");
			breaker.put(prefix + "failure-rate-threshold", "100");
		}
		// The request's deadline, not the SDK's own timeout, bounds a model call.
		breaker.put("platform.sagemaker.api-call-timeout", "30s");
		breaker.put("platform.team.quant.shadow.sample-rate", "0");
		Map<String, String> gateway = Map.of("platform.gateway.resilience.deadline", DEADLINE.toMillis() + "ms",
				"platform.gateway.resilience.circuit-breaker.sliding-window-size", Integer.toString(BREAKER_CALLS),
				"platform.gateway.resilience.circuit-breaker.minimum-number-of-calls", Integer.toString(BREAKER_CALLS),
				"platform.gateway.resilience.circuit-breaker.wait-duration-in-open-state", WAIT_IN_OPEN.toMillis() + "ms",
				"platform.gateway.resilience.circuit-breaker.permitted-number-of-calls-in-half-open-state", "2",
				"platform.gateway.resilience.circuit-breaker.failure-rate-threshold", "100");
		suite = resources.add(LocalSuite.start(receiver.endpoint(), Map.of("team-*", breaker, "gateway", gateway)));
		teams = Executors.newFixedThreadPool(LocalSuite.TEAMS.size());
		warmUp();
	}

	/**
	 * The first requests of a fresh JVM load and compile the whole path (the AWS SDK's first call
	 * alone takes seconds on a busy machine): they are sent, and not timed, before the matrix.
	 */
	private static void warmUp() throws Exception {
		for (int round = 0; round < 3; round++) {
			for (String team : LocalSuite.TEAMS) {
				suite.predict(team, "{\"prompt\":\"warm up\",\"max_tokens\":8}", "warm-up-" + team + "-" + round);
			}
		}
	}

	/** A freshly started JVM's first requests, untimed. */
	private static void warmUp(String url, String body) throws Exception {
		for (int i = 0; i < 3; i++) {
			suite.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/json")
				// Team services take only the gateway's credential; the simulator ignores it.
				.header("X-Internal-Credential", suite.internalCredential())
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build());
		}
	}

	/** A failed scenario leaves no fault in force for the next one. */
	@AfterEach
	void clearFaults() throws Exception {
		for (String module : List.of("model-simulator", "team-quant")) {
			if (!suite.isAlive(module)) {
				suite.restart(module);
			}
		}
		suite.clearFaults();
	}

	@AfterAll
	static void stop() throws Exception {
		if (teams != null) {
			teams.shutdownNow();
		}
		// Requests in = responses out, matched by correlation id.
		assertThat(answered).isEqualTo(sent);
	}

	@Test
	@Order(1)
	void promptsBeyondTheContextAreTheCallersErrorAndNeverOpenABreaker() throws Exception {
		String tooLong = "{\"prompt\":\"" + ". ".repeat(9000) + "\",\"max_tokens\":16}";
		Map<String, String> model = Map.of("quant", "quant-endpoint", "finetune", "finetune-endpoint", "eval",
				"baseline");
		Map<String, List<Answer>> answers = perTeam("too-long", (team) -> {
			List<Answer> all = new ArrayList<>();
			for (int i = 0; i < BREAKER_CALLS + 2; i++) {
				all.add(send(team, tooLong, "too-long-" + team + "-" + i));
			}
			return all;
		});
		answers.forEach((team, list) -> list
			.forEach((answer) -> answer.isProblem(422, "context-length-exceeded", "context_length_exceeded", model.get(team))));
		allTeamsAnswer(200);
	}

	@Test
	@Order(2)
	void addedLatencyIsServedWithinTheDeadline() throws Exception {
		faultEveryTarget("{\"addedLatencyMs\":800}");
		perTeam("latency", (team) -> sequence(team, "latency", N + 1))
			.forEach((team, list) -> list.forEach((answer) -> answer.isOk()));
		suite.clearFaults();
	}

	@Test
	@Order(3)
	void modelErrorOpensTheBreakersAndTheyCloseAfterTheWaitInOpen() throws Exception {
		serverFault("model_error", 1);
	}

	@Test
	@Order(4)
	void throttlingIsRetriedThenOpensTheBreakers() throws Exception {
		serverFault("throttled", 2);
	}

	@Test
	@Order(5)
	void unavailableIsRetriedThenOpensTheBreakers() throws Exception {
		serverFault("unavailable", 2);
	}

	@Test
	@Order(6)
	void internalFailureIsRetriedThenOpensTheBreakers() throws Exception {
		serverFault("internal", 2);
	}

	@Test
	@Order(7)
	void aHangPastTheDeadlineIsAModelTimeoutAtTheDeadline() throws Exception {
		faultEveryTarget("{\"hangRate\":1.0,\"hangMaxMs\":30000}");
		Map<String, List<Answer>> answers = perTeam("hang", (team) -> sequence(team, "hang", N + 1));
		// One call per request (no time is left for a retry), so the fourth opens the breaker.
		for (Answer answer : answers.get("quant").subList(0, N)) {
			answer.isProblem(504, "model-timeout", "timeout", "quant-endpoint");
		}
		for (Answer answer : answers.get("eval").subList(0, N)) {
			answer.isProblem(504, "model-timeout", "timeout", "judge-endpoint");
		}
		for (Answer answer : answers.get("finetune").subList(0, N)) {
			// The fine-tuned endpoint may take only its share of the deadline: the baseline answers in the rest.
			answer.isFallback("timeout");
		}
		answers.get("quant").get(N).isProblem(503, "model-unavailable", "circuit_open", "quant-endpoint");
		answers.get("eval").get(N).isProblem(503, "model-unavailable", "circuit_open", "judge-endpoint");
		answers.get("finetune").get(N).isFallback("circuit_open");
		recover();
	}

	@Test
	@Order(8)
	void baselineDownFailsOnlyWhoNeedsIt() throws Exception {
		suite.fault("llm-baseline", "{\"errorRates\":{\"unavailable\":1.0}}");
		Map<String, List<Answer>> answers = perTeam("baseline-down", (team) -> sequence(team, "baseline-down", N + 1));
		answers.get("quant").forEach(Answer::isOk);
		answers.get("finetune").forEach((answer) -> {
			answer.isOk();
			assertThat(answer.body().get("served_by").asString()).isEqualTo("finetune-endpoint");
		});
		List<Answer> eval = answers.get("eval");
		for (int i = 0; i <= N; i++) {
			if (i < BREAKER_CALLS / 2) {
				eval.get(i).isProblem(502, "model-error", "unavailable", "baseline");
			}
			else {
				eval.get(i).isProblem(503, "model-unavailable", "circuit_open", "baseline");
			}
		}
		recover();
	}

	@Test
	@Order(9)
	void theSimulatorKilledAndRestarted() throws Exception {
		suite.kill("model-simulator");
		Map<String, List<Answer>> answers = perTeam("simulator-down", (team) -> sequence(team, "simulator-down", N + 1));
		for (int i = 0; i <= N; i++) {
			boolean open = i >= BREAKER_CALLS / 2;
			answers.get("quant")
				.get(i)
				.isProblem(open ? 503 : 502, open ? "model-unavailable" : "model-error",
						open ? "circuit_open" : "connection", "quant-endpoint");
			answers.get("eval")
				.get(i)
				.isProblem(open ? 503 : 502, open ? "model-unavailable" : "model-error",
						open ? "circuit_open" : "connection", "baseline");
			Answer finetune = answers.get("finetune").get(i);
			finetune.isProblem(open ? 503 : 502, open ? "model-unavailable" : "model-error",
					open ? "circuit_open" : "connection", "baseline");
			assertThat(finetune.body().get("failures").toString()).contains("finetune-endpoint", "baseline");
		}
		suite.restart("model-simulator");
		warmUp("http://127.0.0.1:" + suite.simulatorPort + "/v1/chat/completions",
				"{\"model\":\"llm-baseline\",\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}],\"max_tokens\":8}");
		warmUp("http://127.0.0.1:" + suite.simulatorPort + "/endpoints/quant-endpoint/invocations",
				"{\"inputs\":\"warm up\",\"parameters\":{\"max_new_tokens\":8}}");
		recover();
	}

	@Test
	@Order(10)
	void aTeamKilledIsTheGatewaysProblemAndOnlyForThatTeam() throws Exception {
		suite.kill("team-quant");
		Map<String, List<Answer>> answers = perTeam("team-down", (team) -> sequence(team, "team-down", N + 1));
		for (Answer answer : answers.get("quant").subList(0, N)) {
			answer.isProblem(502, "upstream-unavailable", "connection", null);
		}
		answers.get("quant").get(N).isProblem(503, "upstream-circuit-open", "circuit_open", null);
		answers.get("finetune").forEach(Answer::isOk);
		answers.get("eval").forEach(Answer::isOk);
		suite.restart("team-quant");
		// Straight to the team, not through the gateway, whose breaker is what is tested next.
		warmUp("http://127.0.0.1:" + suite.teamPorts.get("quant") + "/predict",
				"{\"prompt\":\"warm up\",\"max_tokens\":8}");
		recover();
	}

	/**
	 * A fault of the model's side on each team's own model: quant's endpoint, finetune's endpoint
	 * (which falls back to the baseline), eval's judge. Each failed request costs {@code attempts}
	 * calls, so the breaker opens after {@code BREAKER_CALLS / attempts} requests; then it refuses.
	 */
	private static void serverFault(String errorType, int attempts) throws Exception {
		faultEveryTarget("{\"errorRates\":{\"" + errorType + "\":1.0}}");
		Map<String, List<Answer>> answers = perTeam(errorType, (team) -> sequence(team, errorType, N + 1));
		int failing = BREAKER_CALLS / attempts;
		for (int i = 0; i <= N; i++) {
			boolean open = i >= failing;
			for (String team : List.of("quant", "eval")) {
				answers.get(team)
					.get(i)
					.isProblem(open ? 503 : 502, open ? "model-unavailable" : "model-error",
							open ? "circuit_open" : errorType, TARGETS.get(team));
			}
			answers.get("finetune").get(i).isFallback(open ? "circuit_open" : errorType);
		}
		if (attempts > 1) {
			assertRetriedOnTheSpan(answers.get("quant").get(0), errorType, attempts);
		}
		recover();
	}

	/**
	 * As exported by the team: the request's SERVER span carries the errorType and one
	 * {@code model.retry} event per retry, and each attempt is its own GenAI span in the trace.
	 */
	private static void assertRetriedOnTheSpan(Answer answer, String errorType, int attempts) throws Exception {
		assertThat(receiver.await(Duration.ofSeconds(20), receiver::spans, (spans) -> {
			ReceivedSpan server = teamServerSpan(spans, answer.correlationId());
			return server != null && attemptSpans(spans, server).size() == attempts;
		})).as("the team's SERVER span and %d GenAI spans of %s", attempts, answer).isTrue();
		ReceivedSpan server = teamServerSpan(receiver.spans(), answer.correlationId());
		assertThat(server.attribute("error.type")).isEqualTo(errorType);
		assertThat(server.span().getEventsList()).filteredOn((event) -> event.getName().equals("model.retry"))
			.hasSize(attempts - 1)
			.allSatisfy((event) -> assertThat(OtlpReceiver.attribute(event.getAttributesList(), "error.type"))
				.isEqualTo(errorType));
	}

	private static ReceivedSpan teamServerSpan(List<ReceivedSpan> spans, String correlationId) {
		return spans.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> "team-quant".equals(span.resourceAttribute("service.name")))
			.filter((span) -> correlationId.equals(span.attribute("correlation_id")))
			.findFirst()
			.orElse(null);
	}

	private static List<ReceivedSpan> attemptSpans(List<ReceivedSpan> spans, ReceivedSpan server) {
		return spans.stream()
			.filter((span) -> span.traceId().equals(server.traceId()))
			.filter((span) -> "quant-endpoint".equals(span.attribute("sagemaker.endpoint")))
			.toList();
	}

	/** The fault cleared, after the wait in open the first request is admitted; the second closes the breaker. */
	private static void recover() throws Exception {
		suite.clearFaults();
		Thread.sleep(WAIT_IN_OPEN.toMillis() + 200);
		perTeam("recovered", (team) -> sequence(team, "recovered", 2)).forEach((team, list) -> list.forEach((answer) -> {
			answer.isOk();
			assertThat(answer.body().has("fallback_reason")).as("%s is served by its own model again", team).isFalse();
		}));
	}

	private static void allTeamsAnswer(int status) throws Exception {
		perTeam("ok", (team) -> sequence(team, "ok", 1))
			.forEach((team, list) -> list.forEach((answer) -> assertThat(answer.status()).as(answer.toString()).isEqualTo(status)));
	}

	private static void faultEveryTarget(String spec) throws Exception {
		for (String target : TARGETS.values()) {
			suite.fault(target, spec);
		}
	}

	private static List<Answer> sequence(String team, String scenario, int count) throws Exception {
		List<Answer> answers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			answers.add(send(team, "{\"prompt\":\"What is a circuit breaker?\",\"max_tokens\":32}",
					scenario + "-" + team + "-" + i + "-" + System.nanoTime()));
		}
		return answers;
	}

	private static Map<String, List<Answer>> perTeam(String scenario, TeamRequests requests) throws Exception {
		Map<String, Future<List<Answer>>> futures = new LinkedHashMap<>();
		for (String team : LocalSuite.TEAMS) {
			futures.put(team, teams.submit(() -> requests.send(team)));
		}
		Map<String, List<Answer>> answers = new LinkedHashMap<>();
		for (Map.Entry<String, Future<List<Answer>>> future : futures.entrySet()) {
			answers.put(future.getKey(), future.getValue().get());
		}
		return answers;
	}

	/**
	 * One predict request through the gateway: the one place where what every request carries is
	 * added (e.g. an API key). Checks what holds for every answer: within the deadline plus the
	 * margin, the correlation id back in the header (and in a problem's body).
	 */
	private static Answer send(String team, String body, String correlationId) throws Exception {
		sent.merge(correlationId, 1, Integer::sum);
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + suite.gatewayPort + "/api/" + team + "/predict"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + suite.apiKey(team))
			.header("X-Correlation-ID", correlationId)
			.timeout(DEADLINE.plus(Duration.ofSeconds(10)))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		long start = System.nanoTime();
		HttpResponse<String> response = suite.send(request);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		response.headers().firstValue("X-Correlation-ID").ifPresent((id) -> answered.merge(id, 1, Integer::sum));
		Answer answer = new Answer(team, correlationId, response.statusCode(), json.readTree(response.body()), took,
				response.headers().firstValue("Retry-After").orElse(null));
		assertThat(took).as("answered within the deadline plus margin: %s", answer).isLessThan(DEADLINE.plus(MARGIN));
		assertThat(response.headers().firstValue("X-Correlation-ID")).as(answer.toString()).hasValue(correlationId);
		if (answer.status() >= 400) {
			assertThat(answer.body().get("correlationId").asString()).as(answer.toString()).isEqualTo(correlationId);
			assertThat(response.body()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
		}
		return answer;
	}

	@FunctionalInterface
	private interface TeamRequests {

		List<Answer> send(String team) throws Exception;

	}

	private record Answer(String team, String correlationId, int status, JsonNode body, Duration took,
			String retryAfter) {

		void isOk() {
			assertThat(this.status).as(toString()).isEqualTo(200);
			assertThat(this.body.get("output").asString()).as(toString()).isNotBlank();
		}

		void isFallback(String reason) {
			isOk();
			assertThat(this.body.get("served_by").asString()).as(toString()).isEqualTo("baseline");
			assertThat(this.body.get("fallback_reason").asString()).as(toString()).isEqualTo(reason);
		}

		void isProblem(int status, String type, String errorType, String model) {
			assertThat(this.status).as(toString()).isEqualTo(status);
			assertThat(this.body.get("type").asString()).as(toString()).isEqualTo(PROBLEMS + type);
			assertThat(this.body.get("errorType").asString()).as(toString()).isEqualTo(errorType);
			if (model != null) {
				assertThat(this.body.get("model").asString()).as(toString()).isEqualTo(model);
			}
			if (status == 503) {
				assertThat(this.retryAfter).as(toString()).isNotNull();
			}
		}

		@Override
		public String toString() {
			return this.team + " " + this.correlationId + " -> " + this.status + " in " + this.took.toMillis() + " ms: "
					+ this.body;
		}

	}

}
