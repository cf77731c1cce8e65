package io.llmplatform.telemetry.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;


/**
 * The suite as separate JVMs on free loopback ports: the model simulator, the three team
 * services and the gateway, all started at once (two cores: the JVMs start in parallel),
 * exporting OTLP to the given receiver. The services' {@code -exec.jar} files must have been
 * packaged; the system property {@code suite.root} names the repository root (default
 * {@code ..}).
 * <p>
 * Every run has its own random keys ({@link ApiKeys}), configured as their SHA-256: one API key per
 * team for the gateway ({@link #predict} sends it), an admin key for the gateway's admin API and the
 * simulator's ({@link #fault}, {@link #clearFaults} send it), and the internal credential the gateway
 * adds to its calls to the teams, which accept no other caller.
 */
public final class LocalSuite implements AutoCloseable {

	public static final List<String> TEAMS = List.of("quant", "finetune", "eval");

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Map<String, JavaProcess> processes = new LinkedHashMap<>();

	private final Map<String, String> healthUrls = new LinkedHashMap<>();

	private final Map<String, Launch> launches = new LinkedHashMap<>();

	public final int simulatorPort = JavaProcess.freePort();

	public final int gatewayPort = JavaProcess.freePort();

	public final int gatewayManagementPort = JavaProcess.freePort();

	public final Map<String, Integer> teamPorts = new LinkedHashMap<>();

	public final Map<String, Integer> teamManagementPorts = new LinkedHashMap<>();

	private final Map<String, String> apiKeys = new java.util.concurrent.ConcurrentHashMap<>();

	private final String adminKey = ApiKeys.generate();

	/** How often the gateway re-reads its key file here. */
	public static final Duration KEY_RELOAD = Duration.ofMillis(200);

	private Path keyFile;

	private final String internalCredential = ApiKeys.generate();

	private LocalSuite() {
	}

	public static LocalSuite start(String otlpEndpoint) throws Exception {
		return start(otlpEndpoint, Map.of());
	}

	/**
	 * Starts the suite with some properties of its own.
	 * @param otlpEndpoint where every service exports
	 * @param properties per module ({@code model-simulator}, {@code team-quant}, ..., {@code gateway};
	 * {@code team-*} for every team): properties that replace or add to the suite's
	 * @return the started suite
	 * @throws Exception when a service did not become ready
	 */
	public static LocalSuite start(String otlpEndpoint, Map<String, Map<String, String>> properties)
			throws Exception {
		LocalSuite suite = new LocalSuite();
		try {
			suite.launch(otlpEndpoint, properties);
		}
		catch (Exception | Error ex) {
			// The services that did start must not outlive the failed test.
			try {
				suite.close();
			}
			catch (Exception closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			throw ex;
		}
		return suite;
	}

	private void launch(String otlpEndpoint, Map<String, Map<String, String>> overrides) throws Exception {
		Path root = root();
		Map<String, String> telemetry = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint,
				"OTEL_METRIC_EXPORT_INTERVAL", "1000", "OTEL_BSP_SCHEDULE_DELAY", "100");
		String simulator = "http://127.0.0.1:" + this.simulatorPort;
		Map<String, String> simulatorProperties = new LinkedHashMap<>();
		simulatorProperties.put("server.port", Integer.toString(this.simulatorPort));
		simulatorProperties.put("simulator.admin.api-key-sha256", ApiKeys.sha256Hex(this.adminKey));
		startJar(root, "model-simulator", Map.of(), "http://127.0.0.1:" + this.simulatorPort + "/health",
				merged(simulatorProperties, overrides, "model-simulator"));
		Map<String, String> gateway = new LinkedHashMap<>();
		gateway.put("server.port", Integer.toString(this.gatewayPort));
		gateway.put("management.server.port", Integer.toString(this.gatewayManagementPort));
		gateway.put("platform.gateway.api-keys.admin", ApiKeys.sha256Hex(this.adminKey));
		gateway.put("platform.gateway.internal-credential", this.internalCredential);
		// The admin API's controlled model failures go to this suite's simulator, never to :8200.
		gateway.put("platform.gateway.admin.simulator-url", simulator);
		for (String team : TEAMS) {
			int port = JavaProcess.freePort();
			int management = JavaProcess.freePort();
			this.teamPorts.put(team, port);
			this.teamManagementPorts.put(team, management);
			Map<String, String> teamProperties = new LinkedHashMap<>();
			teamProperties.put("server.port", Integer.toString(port));
			teamProperties.put("management.server.port", Integer.toString(management));
			teamProperties.put("platform.sagemaker.endpoint-override", simulator);
			teamProperties.put("vllm.client.base-url", simulator);
			teamProperties.put("platform.team.quant.shadow.sample-rate", "1.0");
			teamProperties.put("platform.sagemaker.api-call-timeout", "2s");
			teamProperties.put("platform.team.internal-credential-sha256", ApiKeys.sha256Hex(this.internalCredential));
			Map<String, String> all = merged(teamProperties, overrides, "team-*");
			startJar(root, "team-" + team, telemetry, "http://127.0.0.1:" + management + "/actuator/health",
					merged(all, overrides, "team-" + team));
			gateway.put("platform.gateway.teams." + team + ".url", "http://127.0.0.1:" + port);
			this.apiKeys.put(team, ApiKeys.generate());
		}
		// Team keys in a key file, as bin/run-local and the Kubernetes Secret give them: rotateKey rewrites it.
		this.keyFile = Files.createTempFile("api-key-hashes", "");
		writeKeyFile();
		gateway.put("platform.gateway.api-keys.file", this.keyFile.toString());
		gateway.put("platform.gateway.api-keys.reload-interval", KEY_RELOAD.toMillis() + "ms");
		// Longer than the teams' model timeout, so a hung model is the team's 504, passed on by the gateway.
		gateway.put("platform.gateway.teams.quant.response-timeout", "6s");
		// On the beans its build processed ahead of time, as bin/run-local starts it (gateway/pom.xml).
		Map<String, String> gatewayEnvironment = new LinkedHashMap<>(telemetry);
		gatewayEnvironment.put("JAVA_TOOL_OPTIONS", "-Dspring.aot.enabled=true");
		startJar(root, "gateway", gatewayEnvironment,
				"http://127.0.0.1:" + this.gatewayManagementPort + "/actuator/health", merged(gateway, overrides, "gateway"));
		awaitReady();
	}

	private static Map<String, String> merged(Map<String, String> defaults,
			Map<String, Map<String, String>> overrides, String module) {
		Map<String, String> merged = new LinkedHashMap<>(defaults);
		merged.putAll(overrides.getOrDefault(module, Map.of()));
		return merged;
	}

	private void startJar(Path root, String module, Map<String, String> environment, String healthUrl,
			Map<String, String> properties) throws IOException {
		String[] args = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		Path jar = execJar(root.resolve(module));
		this.launches.put(module, new Launch(jar, environment, args));
		this.processes.put(module, JavaProcess.startJar(jar, environment, args));
		this.healthUrls.put(module, healthUrl);
	}

	/**
	 * Stops one service the hard way (a crash, as the others see it); {@link #restart} starts it again on
	 * the same ports.
	 * @param module {@code model-simulator}, {@code team-quant}, ..., {@code gateway}
	 */
	public void kill(String module) throws InterruptedException {
		this.processes.get(module).kill();
	}

	/**
	 * Whether a service's process is running.
	 * @param module the module
	 * @return whether it is alive
	 */
	public boolean isAlive(String module) {
		return this.processes.get(module).isAlive();
	}

	/**
	 * Starts a service again, as it was started first, and waits until it is ready.
	 * @param module the module stopped by {@link #kill}
	 * @throws Exception when it did not become ready
	 */
	public void restart(String module) throws Exception {
		Launch launch = this.launches.get(module);
		JavaProcess process = JavaProcess.startJar(launch.jar(), launch.environment(), launch.args());
		this.processes.put(module, process);
		awaitReady(module, process, this.healthUrls.get(module), System.nanoTime() + READY_TIMEOUT.toNanos());
	}

	/**
	 * @param module {@code gateway}, {@code team-quant}, ..., {@code model-simulator}
	 * @return the module's executable jar, as the suite starts it
	 * @throws IOException when its target directory cannot be read
	 */
	public static Path executableJar(String module) throws IOException {
		return execJar(root().resolve(module));
	}

	/**
	 * @return the repository's root folder (the {@code suite.root} system property, else the parent of the test's
	 * module)
	 */
	public static Path root() {
		return Path.of(System.getProperty("suite.root", ".."));
	}

	private static Path execJar(Path module) throws IOException {
		try (DirectoryStream<Path> jars = Files.newDirectoryStream(module.resolve("target"), "*-exec.jar")) {
			for (Path jar : jars) {
				return jar;
			}
		}
		throw new IllegalStateException("No executable jar in " + module + "/target: run ./mvnw package first");
	}

	private void awaitReady() throws Exception {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		for (Map.Entry<String, String> health : this.healthUrls.entrySet()) {
			awaitReady(health.getKey(), this.processes.get(health.getKey()), health.getValue(), deadline);
		}
	}

	private void awaitReady(String module, JavaProcess process, String healthUrl, long deadline) {
		try {
			Awaitility.await(module + " ready")
				.atMost(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())))
				.pollInterval(Duration.ofMillis(250))
				.failFast(module + " exited", () -> !process.isAlive())
				.until(() -> isUp(healthUrl));
		}
		catch (ConditionTimeoutException | TerminalFailureException ex) {
			throw new IllegalStateException(module + " did not become ready:\n" + String.join("\n", process.output()));
		}
	}

	private boolean isUp(String url) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * {@code POST /api/<team>/predict} through the gateway, with the team's API key (an unknown team's
	 * request carries none).
	 */
	public HttpResponse<String> predict(String team, String json, String correlationId) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.gatewayPort + "/api/" + team + "/predict"));
		String key = this.apiKeys.get(team);
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return send(request.header("Content-Type", "application/json")
			.header("X-Correlation-ID", correlationId)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	public HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** Puts a fault in force on a simulator target (an endpoint or model). */
	public void fault(String target, String specJson) throws Exception {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.simulatorPort + "/admin/faults/" + target))
					.header("Content-Type", "application/json")
					.header("Authorization", "Bearer " + this.adminKey)
					.PUT(HttpRequest.BodyPublishers.ofString(specJson))
					.build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Fault not accepted: " + response.statusCode() + " " + response.body());
		}
	}

	/**
	 * Starts or stops a controlled failure through the gateway's admin API, with the admin key.
	 * @param team the team
	 * @param kind {@code model-timeout}, {@code model-error} or {@code quota-exhaustion}
	 * @param start whether to start it (or stop it)
	 * @return the admin API's answer
	 */
	public HttpResponse<String> controlledFailure(String team, String kind, boolean start) throws Exception {
		HttpResponse<String> response = send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.gatewayPort + "/admin/teams/" + team + "/failures/" + kind))
			.header("Authorization", "Bearer " + this.adminKey)
			.method(start ? "PUT" : "DELETE", HttpRequest.BodyPublishers.noBody())
			.build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Controlled failure not accepted: " + response.statusCode() + " "
					+ response.body());
		}
		return response;
	}

	public void clearFaults() throws Exception {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.simulatorPort + "/admin/faults"))
					.header("Authorization", "Bearer " + this.adminKey)
					.DELETE()
					.build());
		if (response.statusCode() != 204) {
			throw new IllegalStateException("Faults not cleared: " + response.statusCode() + " " + response.body());
		}
	}

	/** The team's API key at the gateway ({@code Authorization: Bearer}); the gateway knows only its hash. */
	public String apiKey(String team) {
		String key = this.apiKeys.get(team);
		if (key == null) {
			throw new IllegalArgumentException("No team " + team + " in " + TEAMS);
		}
		return key;
	}

	/** The admin key of the gateway's admin API and of the simulator's. */
	/**
	 * Gives a team a new key in the gateway's key file (the old one stops working once the gateway has
	 * re-read the file, within {@link #KEY_RELOAD}).
	 * @param team the team
	 * @return the new key, which {@link #predict} sends from now on
	 */
	public synchronized String rotateKey(String team) throws IOException {
		String key = ApiKeys.generate();
		this.apiKeys.put(team, key);
		writeKeyFile();
		return key;
	}

	private synchronized void writeKeyFile() throws IOException {
		StringBuilder lines = new StringBuilder("# <team> <sha256 of its key>, written by LocalSuite\n");
		this.apiKeys.forEach((team, key) -> lines.append(team).append(' ').append(ApiKeys.sha256Hex(key)).append('\n'));
		Path next = this.keyFile.resolveSibling(this.keyFile.getFileName() + ".next");
		Files.writeString(next, lines);
		// Replaced at once, as Kubernetes swaps a Secret volume: the gateway never reads half a file.
		Files.move(next, this.keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
				java.nio.file.StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * What a service wrote to stdout and stderr so far.
	 * @param module {@code gateway}, {@code team-quant}, ..., {@code model-simulator}
	 * @return its lines
	 */
	public List<String> output(String module) {
		return this.processes.get(module).output();
	}

	/** Every service's output so far, for checks over all of them. */
	public Map<String, List<String>> outputs() {
		Map<String, List<String>> outputs = new LinkedHashMap<>();
		this.processes.forEach((module, process) -> outputs.put(module, process.output()));
		return outputs;
	}

	public String adminKey() {
		return this.adminKey;
	}

	/** The credential the gateway adds to its calls to the teams; the teams know only its hash. */
	public String internalCredential() {
		return this.internalCredential;
	}

	public String scrape(int managementPort) throws Exception {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
			.build()).body();
	}

	@Override
	public void close() throws Exception {
		for (JavaProcess process : this.processes.values()) {
			process.close();
		}
		if (this.keyFile != null) {
			Files.deleteIfExists(this.keyFile);
		}
	}


	/** How a service was started, to start it again. */
	private record Launch(Path jar, Map<String, String> environment, String[] args) {
	}

}
