package io.llmplatform.grafana;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.llmplatform.telemetry.test.JavaProcess;
import io.llmplatform.telemetry.test.LocalSuite;
import io.llmplatform.telemetry.test.TestResources;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Signal truth: every PromQL expression of every dashboard and rule file returns data from the running suite.
 *
 * <p>The suite's own jars run as separate JVMs on loopback ({@link LocalSuite}: simulator, three teams, gateway;
 * their OTLP export goes to a closed port, so the exporters' drop counter has data too). The real
 * {@code prometheus} of Debian's package scrapes every service's {@code /actuator/prometheus} on its management
 * port and the simulator's vLLM {@code /metrics} every second, evaluates our rule files every second, and keeps
 * exemplars (telemetry-starter writes them only where Prometheus 2.42 accepts them: buckets and counters).
 * <strong>The only change to the rule files is in the test's own copy: every {@code for:} is rewritten
 * to {@code 10s}</strong> so that the alerts can fire within the test; expressions, windows, thresholds and labels
 * are the production ones.
 *
 * <p>Load (bounded, all three teams, valid and invalid requests, streamed and not):
 * <ol>
 * <li>healthy, 20 s;</li>
 * <li>faults through the simulator's admin API, 30 s: quant-endpoint answers InternalFailure or hangs (the team
 * times out at 2 s: 502/504), finetune-endpoint hangs (SageMaker timeouts, fallbacks to the baseline), the judge
 * endpoint fails or hangs now and then, the vLLM baseline is 6 s slow and fails one call in five (slow eval and
 * fallback answers: HighLatency); then for 6 s the finetune endpoint and the baseline fail outright, so that
 * every team has 5xx answers;</li>
 * <li>faults cleared, 25 s, while 48 callers of the vLLM API saturate the baseline's 16 decoding slots (its
 * waiting queue: InferenceQueueBacklog); the teams' circuit breakers on the baseline are still open at first, so
 * eval and finetune answer 502 for a while, as they would in production.</li>
 * </ol>
 * During phases 2 and 3 a watcher polls {@code /api/v1/alerts} and evaluates every alert expression each second.
 * Then every dashboard query (template variables substituted: all teams, and each team separately) and every
 * recording rule must return at least one finite sample, and every platform alert must have returned data and
 * fired. Expressions that cannot return data here are listed in {@link #NOT_RUN_HERE}, each with the reason; the
 * test checks that list is exact. About 2.5 minutes, most of it load.
 */
class SignalTruthTests {

	private static final String KUBERNETES = "Kubernetes-only: kube-state-metrics / cAdvisor series exist only on a "
			+ "cluster; alerts are proven by alerts/tests/kubernetes-alerts-test.yaml (promtool), panels are checked "
			+ "here as valid PromQL";

	private static final String LOKI = "Loki (LogQL): no Loki binary here; the logs' trace context is proven by "
			+ "the system tests over OTLP";

	private static final String TEMPO = "Tempo (TraceQL / service graph): no Tempo binary here; the traces are "
			+ "proven by the system tests over OTLP";


	/**
	 * The queries and rules this test does not require data from, with the reason: the one list. Keys are
	 * {@code <dashboard uid> / <panel title>} or {@code <rule file> <alert>}.
	 */
	static final Map<String, String> NOT_RUN_HERE = Map.ofEntries(
			entry("kubernetes-alerts.yaml PodRestarts", KUBERNETES),
			entry("kubernetes-alerts.yaml PodNotReady", KUBERNETES),
			entry("kubernetes-alerts.yaml QuotaRejections", KUBERNETES),
			entry("llm-controlled-failures / Container restarts (5m)", KUBERNETES),
			entry("llm-controlled-failures / Restarts per pod (total)", KUBERNETES),
			entry("llm-controlled-failures / ResourceQuota used / hard", KUBERNETES),
			entry("llm-controlled-failures / Memory used / quota limit", KUBERNETES),
			entry("llm-controlled-failures / Pods not ready", KUBERNETES),
			entry("llm-controlled-failures / Ready pods ratio by namespace", KUBERNETES),
			entry("llm-controlled-failures / Quota rejection events", LOKI),
			entry("llm-controlled-failures / Quota rejection events (log lines)", LOKI),
			entry("llm-team-service / Logs of $service", LOKI),
			entry("llm-judge / Error logs by service", LOKI),
			entry("llm-team-service / Recent gateway traces of $team", TEMPO),
			entry("llm-judge / Recent eval traces", TEMPO),
			entry("llm-judge / Service map", TEMPO),
			entry("platform-alerts.yaml GatewayQuotaStoreFailing", "Not producible with the local suite: its "
					+ "gateway keeps quotas in memory, which cannot fail; the counter is proven against a real Redis "
					+ "that hangs and dies by the gateway's SharedQuotaIntegrationTests, the alert by promtool"),
			entry("llm-judge / Unparseable judge replies", "Not producible with the local suite: the simulator's "
					+ "judge always writes valid JSON and LocalSuite cannot change its output format; the counter "
					+ "(EvalCatalogue eval.judge.unparseable) is registered on the first unparseable reply. Checked "
					+ "here as valid PromQL"));

	/**
	 * Metrics (or selectors) that only some teams produce under this scenario; a per-team query that uses one needs
	 * data for those teams only.
	 */
	static final Map<String, Set<String>> ONLY_SOME_TEAMS = Map.of("quant_shadow_", Set.of("quant"),
			"finetune_fallbacks_total", Set.of("finetune"), "eval_judge_", Set.of("eval"), "judge-endpoint",
			Set.of("eval"),
			// quant calls the baseline only off the request path (shadow), so not in every run
			"gen_ai_provider_name=\"vllm\"", Set.of("finetune", "eval"), "time_to_first_chunk",
			Set.of("finetune", "eval"),
			// finetune answers a timed-out endpoint from the baseline instead of 504
			"status=\"504\"", Set.of("quant", "eval"));

	private static final Map<String, String> ALL_VALUES = Map.of("$__rate_interval", "5m", "$__range", "15m",
			"$__interval", "15s", "$team", ".*", "$service", ".*", "$model", ".*");

	private static final Pattern LABEL_VALUES = Pattern
		.compile("label_values\\(\\s*(?:(?<match>.+?)\\s*,\\s*)?(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

	private static LocalSuite suite;

	private static PrometheusServer prometheus;

	private static LoadGenerator load;

	private static Path workDir;

	private static Instant start;

	private static final Set<String> firing = ConcurrentHashMap.newKeySet();

	private static final Set<String> alertExpressionsWithData = ConcurrentHashMap.newKeySet();

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void runTheSuiteUnderLoadWithFaults() throws Exception {
		Path binary = Promtool.binary("prometheus").orElse(null);
		assumeTrue(binary != null, Promtool.missingMessage("prometheus"));
		int closedPort = JavaProcess.freePort();
		suite = resources.add(LocalSuite.start("http://127.0.0.1:" + closedPort));
		workDir = Files.createTempDirectory("signal-truth");
		prometheus = resources.add(PrometheusServer.start(binary, writeConfiguration(), workDir));
		awaitTargetsUp();
		start = Instant.now();
		load = resources.add(new LoadGenerator(suite));
		load.phase(Duration.ofSeconds(20), Duration.ofMillis(100),
				mix(2, 1, 1, 1, 1));
		ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
		watcher.scheduleWithFixedDelay(SignalTruthTests::watchAlerts, 0, 1, TimeUnit.SECONDS);
		try {
			suite.fault("quant-endpoint", "{\"errorRates\":{\"internal\":1.0},\"hangRate\":0.5,\"hangMaxMs\":20000}");
			suite.fault("finetune-endpoint", "{\"hangRate\":1.0,\"hangMaxMs\":20000}");
			suite.fault("judge-endpoint", "{\"errorRates\":{\"model_error\":0.3},\"hangRate\":0.2,\"hangMaxMs\":20000}");
			suite.fault("llm-baseline", "{\"addedLatencyMs\":6000,\"errorRates\":{\"internal\":0.2}}");
			load.phase(Duration.ofSeconds(30), Duration.ofMillis(100), mix(2, 2, 2, 6, 6));
			// Every team answers 5xx for a moment, finetune included (its fallback fails too): per-team error
			// panels need each team's 5xx series, and finetune otherwise hides most failures behind its fallback.
			suite.fault("finetune-endpoint", "{\"errorRates\":{\"model_error\":1.0}}");
			suite.fault("llm-baseline", "{\"errorRates\":{\"internal\":1.0}}");
			load.phase(Duration.ofSeconds(6), Duration.ofMillis(100), mix(2, 1, 1, 1, 1));
			suite.clearFaults();
			// The first seed's controlled quota failure, through the gateway's admin API: every team's token
			// budget spent for a moment, so the 429s, gateway_quota_rejections_total and its alert are real.
			for (String team : LocalSuite.TEAMS) {
				suite.controlledFailure(team, "quota-exhaustion", true);
			}
			load.phase(Duration.ofSeconds(4), Duration.ofMillis(100), mix(2, 1, 1, 1, 1));
			for (String team : LocalSuite.TEAMS) {
				suite.controlledFailure(team, "quota-exhaustion", false);
			}
			// Slow but successful: the baseline answers after 5.5 s, within every timeout and below the breakers'
			// slow-call threshold; finetune's endpoint fails, so finetune (the team with the fewest requests in this
			// run) answers from the baseline, as eval does. Their p95 at the gateway passes HighLatency's 5 s and
			// stays there. Earlier phases' slow requests end as timeouts, which open breakers, whose fast answers
			// hold the p95 down. 12 callers each: within each team's baseline bulkhead (16).
			suite.fault("llm-baseline", "{\"addedLatencyMs\":5500}");
			suite.fault("finetune-endpoint", "{\"errorRates\":{\"model_error\":1.0}}");
			// 40 s: the slow share passes 5 % about 15 s in, which leaves HighLatency's `for` (10 s here) room.
			load.phase(Duration.ofSeconds(40), Duration.ofMillis(100),
					Map.of(LoadGenerator.FINETUNE, 12, LoadGenerator.EVAL, 12));
			suite.clearFaults();
			Thread saturation = new Thread(() -> {
				try {
					load.saturateBaseline(suite.simulatorPort, 48, Duration.ofSeconds(25));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "baseline-saturation");
			saturation.start();
			load.phase(Duration.ofSeconds(25), Duration.ofMillis(100), mix(2, 1, 1, 1, 1));
			saturation.join(Duration.ofSeconds(40).toMillis());
		}
		finally {
			watcher.shutdown();
			watcher.awaitTermination(15, TimeUnit.SECONDS);
		}
		Thread.sleep(3000); // a last scrape and rule evaluation
		System.out.println("Signal truth load, answers by kind and status: " + load.answers());
	}

	private static Map<LoadGenerator.Request, Integer> mix(int quant, int finetune, int finetuneStreamed, int eval,
			int evalStreamed) {
		Map<LoadGenerator.Request, Integer> mix = new LinkedHashMap<>();
		mix.put(LoadGenerator.QUANT, quant);
		mix.put(LoadGenerator.FINETUNE, finetune);
		mix.put(LoadGenerator.FINETUNE_STREAMED, finetuneStreamed);
		mix.put(LoadGenerator.EVAL, eval);
		mix.put(LoadGenerator.EVAL_STREAMED, evalStreamed);
		mix.put(LoadGenerator.INVALID, 1);
		mix.put(LoadGenerator.UNKNOWN_TEAM, 1);
		return mix;
	}

	@AfterAll
	static void stop() throws Exception {
		if (workDir != null) {
			try (java.util.stream.Stream<Path> files = Files.walk(workDir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	/**
	 * Our rule files with every {@code for:} set to 10 s (the only change), and a configuration that scrapes the
	 * suite every second.
	 */
	private static Path writeConfiguration() throws Exception {
		Path rules = Files.createDirectories(workDir.resolve("rules"));
		for (Path file : GrafanaFiles.ruleFiles()) {
			String text = GrafanaFiles.read(file).replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 10s");
			Files.writeString(rules.resolve(file.getFileName()), text);
		}
		StringBuilder config = new StringBuilder("""
				global:
				  scrape_interval: 1s
				  scrape_timeout: 900ms
				  evaluation_interval: 1s
				rule_files:
				  - %s/*.yaml
				scrape_configs:
				""".formatted(rules));
		config.append(actuatorJob("gateway", suite.gatewayManagementPort));
		suite.teamManagementPorts.forEach((team, port) -> config.append(actuatorJob("team-" + team, port)));
		config.append(job("vllm", "/metrics", suite.simulatorPort));
		return Files.writeString(workDir.resolve("prometheus.yml"), config.toString());
	}

	/** A service's /actuator/prometheus on its management port. */
	private static String actuatorJob(String name, int managementPort) {
		return job(name, "/actuator/prometheus", managementPort);
	}

	private static String job(String name, String path, int port) {
		return """
				  - job_name: %s
				    metrics_path: %s
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(name, path, port);
	}

	private static void awaitTargetsUp() throws Exception {
		try {
			Awaitility.await("5 targets up")
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> upTargets(prometheus.targets()) == 5);
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException("Targets not up: " + prometheus.targets() + "\n" + prometheus.log());
		}
	}

	/** How many targets are up, or -1 while there are not exactly five. */
	private static long upTargets(JsonNode targets) {
		if (targets.size() != 5) {
			return -1;
		}
		long up = 0;
		for (JsonNode target : targets) {
			if ("up".equals(target.path("health").asString())) {
				up++;
			}
		}
		return up;
	}

	private static void watchAlerts() {
		try {
			for (JsonNode alert : prometheus.alerts()) {
				if ("firing".equals(alert.path("state").asString())) {
					String name = alert.path("labels").path("alertname").asString();
					firing.add(name);
					firing.add(name + "{team=" + alert.path("labels").path("team").asString("") + "}");
				}
			}
			for (Rule alert : Rule.alerts()) {
				if (!NOT_RUN_HERE.containsKey(alert.id()) && !alertExpressionsWithData.contains(alert.id())
						&& !prometheus.samples(alert.expr()).isEmpty()) {
					alertExpressionsWithData.add(alert.id());
				}
			}
		}
		catch (Exception ex) {
			System.err.println("alert watcher: " + ex);
		}
	}

	@Test
	void highErrorRateFiredForTheTeamWhoseEndpointFailed() {
		assertThat(firing).as("alerts seen firing").contains("HighErrorRate", "HighErrorRate{team=quant}");
	}

	@Test
	void everyPlatformAlertReturnedDataAndFired() {
		List<Rule> platformAlerts = Rule.alerts().stream().filter((alert) -> !NOT_RUN_HERE.containsKey(alert.id())).toList();
		assertThat(platformAlerts).hasSizeGreaterThanOrEqualTo(6);
		for (Rule alert : platformAlerts) {
			assertThat(alertExpressionsWithData).as("alert expressions that returned data").contains(alert.id());
			assertThat(firing).as("alerts seen firing").contains(alert.name());
		}
	}

	@Test
	void everyRecordingRuleReturnsData() throws Exception {
		List<String> empty = new ArrayList<>();
		for (Rule rule : Rule.all()) {
			if (!rule.alert()) {
				requireData(rule.id(), rule.expr(), empty);
				requireData(rule.id() + " (recorded series)", rule.name(), empty);
			}
		}
		assertThat(empty).as("recording rules without data").isEmpty();
	}

	@Test
	void everyDashboardQueryReturnsData() throws Exception {
		List<String> empty = new ArrayList<>();
		int checked = 0;
		for (DashboardQuery query : DashboardQuery.all()) {
			if (isPrometheusQuery(query) && !NOT_RUN_HERE.containsKey(query.id())) {
				requireData(query.id(), substitute(query.expression(), ALL_VALUES), empty);
				checked++;
			}
		}
		assertThat(empty).as("dashboard queries without data").isEmpty();
		assertThat(checked).isGreaterThan(60);
	}

	@Test
	void everyTeamFilteredQueryReturnsDataForEachTeam() throws Exception {
		List<String> empty = new ArrayList<>();
		for (DashboardQuery query : DashboardQuery.all()) {
			if (isPrometheusQuery(query) && !NOT_RUN_HERE.containsKey(query.id()) && query.expression().contains("$team")) {
				for (String team : teamsExpectedFor(query.expression())) {
					Map<String, String> values = new LinkedHashMap<>(ALL_VALUES);
					values.put("$team", team);
					requireData(query.id() + " [team=" + team + "]", substitute(query.expression(), values), empty);
				}
			}
		}
		assertThat(empty).as("per-team dashboard queries without data").isEmpty();
	}

	@Test
	void everyTemplateVariableHasValues() throws Exception {
		List<String> empty = new ArrayList<>();
		for (DashboardQuery query : DashboardQuery.all()) {
			if (query.isVariable()) {
				java.util.regex.Matcher matcher = LABEL_VALUES.matcher(substitute(query.expression(), ALL_VALUES));
				assertThat(matcher.matches()).as("variable query %s", query.expression()).isTrue();
				String match = (matcher.group("match") != null) ? matcher.group("match") : "{__name__=~\".+\"}";
				JsonNode values = prometheus.labelValues(matcher.group("label"), match, start);
				if (values.isEmpty()) {
					empty.add(query.id() + ": " + query.expression());
				}
				if (query.source().equals("variable team")) {
					assertThat(values.toString()).contains("\"quant\"", "\"finetune\"", "\"eval\"").doesNotContain("unknown");
				}
			}
		}
		assertThat(empty).as("template variables without values").isEmpty();
	}

	@Test
	void histogramsCarryTraceIdExemplarsIntoPrometheus() throws Exception {
		JsonNode exemplars = prometheus.exemplars("gateway_request_duration_seconds_bucket", start);
		assertThat(exemplars.toString()).as("exemplars of the gateway histogram")
			.containsPattern("\"trace_id\":\"[0-9a-f]{32}\"");
		assertThat(prometheus.exemplars("gen_ai_client_operation_duration_seconds_bucket", start).toString())
			.containsPattern("\"trace_id\":\"[0-9a-f]{32}\"");
	}

	@Test
	void theTempoDatasourcesTracesToMetricsQueriesReturnData() throws Exception {
		List<String> empty = new ArrayList<>();
		for (Map<String, Object> datasource : DashboardTests.datasources()) {
			Object json = datasource.get("jsonData");
			if (json instanceof Map<?, ?> jsonData && jsonData.get("tracesToMetrics") instanceof Map<?, ?> tracesToMetrics) {
				for (Map<String, Object> query : GrafanaFiles.maps(tracesToMetrics.get("queries"))) {
					String promql = String.valueOf(query.get("query"))
						.replace("$$__tags", "service_name=\"team-eval\",service_namespace=\"eval\"");
					requireData("tempo tracesToMetrics " + query.get("name"), promql, empty);
				}
			}
		}
		assertThat(empty).isEmpty();
	}

	@Test
	void theNotRunHereListIsExactAndItsPromqlIsValid() throws Exception {
		Set<String> needsAList = new TreeSet<>();
		for (DashboardQuery query : DashboardQuery.all()) {
			if (query.isVariable()) {
				continue;
			}
			boolean kubernetes = isPrometheusQuery(query) && query.expression().matches("(?s).*\\b(kube_|container_)\\w+.*");
			if (!isPrometheusQuery(query) || kubernetes) {
				needsAList.add(query.id());
			}
			if (isPrometheusQuery(query) && NOT_RUN_HERE.containsKey(query.id())) {
				JsonNode answer = prometheus.query(substitute(query.expression(), ALL_VALUES));
				assertThat(answer.path("status").asString()).as("valid PromQL: %s (%s)", query.id(), answer).isEqualTo("success");
			}
		}
		for (Rule alert : Rule.alerts()) {
			if (alert.expr().matches("(?s).*\\bkube_\\w+.*")) {
				needsAList.add(alert.id());
			}
		}
		// Not producible with the local suite, whatever their language.
		needsAList.add("llm-judge / Unparseable judge replies");
		needsAList.add("platform-alerts.yaml GatewayQuotaStoreFailing");
		assertThat(new TreeSet<>(NOT_RUN_HERE.keySet())).isEqualTo(needsAList);
	}

	private static boolean isPrometheusQuery(DashboardQuery query) {
		return "prometheus".equals(query.datasource()) && !query.isVariable();
	}

	private static Set<String> teamsExpectedFor(String expression) {
		Set<String> teams = new TreeSet<>(LocalSuite.TEAMS);
		ONLY_SOME_TEAMS.forEach((marker, only) -> {
			if (expression.contains(marker)) {
				teams.retainAll(only);
			}
		});
		return teams;
	}

	static String substitute(String expression, Map<String, String> values) {
		String result = expression;
		// longest names first, so that $__rate_interval is not read as $__range + "te_interval"
		List<String> names = values.keySet().stream().sorted((a, b) -> b.length() - a.length()).collect(Collectors.toList());
		for (String name : names) {
			result = result.replace("${" + name.substring(1) + "}", values.get(name)).replace(name, values.get(name));
		}
		return result;
	}

	/** Adds {@code id} to {@code empty} unless the query returns at least one finite sample. */
	private static void requireData(String id, String promql, List<String> empty) throws Exception {
		List<JsonNode> samples = prometheus.samples(promql);
		boolean finite = samples.stream().anyMatch((sample) -> {
			String value = sample.path("value").isArray() ? sample.path("value").get(1).asString()
					: sample.path("result").get(1).asString();
			double number = Double.parseDouble(value.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
			return Double.isFinite(number);
		});
		if (!finite) {
			empty.add(id + ": " + promql + " -> " + samples);
		}
	}

}
