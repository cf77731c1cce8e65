package io.llmplatform.system;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmplatform.telemetry.test.JavaProcess;
import io.llmplatform.telemetry.test.LocalSuite;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.TestResources;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations panel end to end (issue 15): the built plugin (grafana/plugins/llmplatform-ops-panel/dist, loaded by
 * a harness page as Grafana loads it) in Debian's headless Chromium, behind an nginx configured from the SAME template
 * as Grafana's sidecar (k8s/base/observability/config/grafana-nginx.conf.template, rendered with this test's
 * upstreams), against the running suite. A small local server stands in for Grafana: it serves the harness page and
 * the plugin's files, and answers the sidecar's session checks ({@code /api/user}: 200 only with a session cookie;
 * the dashboard-versions check: 200 for an editor's session, 403 for a viewer's). playwright-core drives the page:
 * it starts a controlled failure, sees the team's state change, saves a screenshot, and stops it. Skipped, saying
 * why, only where chromium, nginx or node is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OpsPanelSystemTests {

	private static final String TEAM = "quant";

	private static final String KIND = "model-error";

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static Path root;

	private static Path plugin;

	private static OtlpReceiver receiver;

	private static LocalSuite suite;

	private static FakeGrafana grafana;

	private static Nginx nginx;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
				"SKIPPED: /usr/bin/chromium is not installed (Debian package chromium); the panel's end-to-end test drives it");
		Assumptions.assumeTrue(onPath("nginx"),
				"SKIPPED: nginx is not on the PATH (Debian package nginx); the test runs the sidecar's configuration in it");
		Assumptions.assumeTrue(onPath("node"), "SKIPPED: node is not on the PATH; playwright-core runs in it");
		root = Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize();
		plugin = root.resolve("grafana/plugins/llmplatform-ops-panel");
		for (String built : List.of("dist/module.js", "dist/plugin.json", "harness-dist/harness.js",
				"harness-dist/index.html", "node_modules/playwright-core/package.json")) {
			assertThat(plugin.resolve(built)).as("%s (built by the module grafana/plugins/llmplatform-ops-panel, which "
					+ "runs before this one: ./mvnw -pl grafana/plugins/llmplatform-ops-panel verify)", built).isRegularFile();
		}
		receiver = resources.add(OtlpReceiver.start());
		suite = resources.add(LocalSuite.start(receiver.endpoint()));
		grafana = resources.add(FakeGrafana.start(plugin));
		nginx = resources.add(Nginx.start(root.resolve("k8s/base/observability/config/grafana-nginx.conf.template"),
				Map.of("GRAFANA_UPSTREAM", "127.0.0.1:" + grafana.port(), "GATEWAY_UPSTREAM",
						"127.0.0.1:" + suite.gatewayPort, "GATEWAY_ADMIN_API_KEY", suite.adminKey())));
	}

	@Test
	@Order(1)
	void anOperatorStartsAndStopsAControlledFailureInThePanel() throws Exception {
		Path screenshot = root.resolve("system-tests/target/ops-panel/ops-panel.png");
		Files.createDirectories(screenshot.getParent());
		Files.deleteIfExists(screenshot);
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("baseUrl", nginx.url());
		settings.put("team", TEAM);
		settings.put("kind", KIND);
		settings.put("screenshot", screenshot.toString());
		settings.put("timeoutMs", 20_000);
		settings.put("chromium", CHROMIUM.toString());
		settings.put("predictUrl", "http://127.0.0.1:" + suite.gatewayPort + "/api/" + TEAM + "/predict");
		settings.put("teamKey", suite.apiKey(TEAM));

		JsonNode seen = drive(json.writeValueAsString(settings));

		// The confirmation named what was about to happen; the start's answer named its trace, linked to Tempo.
		assertThat(seen.path("confirmation").asString()).contains("team " + TEAM, KIND);
		String startTrace = seen.path("startTraceId").asString();
		assertThat(startTrace).matches(TRACE_ID);
		assertThat(seen.path("startTraceHref").asString()).startsWith("/explore?schemaVersion=1&panes=");
		assertThat(URLDecoded.of(seen.path("startTraceHref").asString())).contains("\"uid\":\"tempo\"",
				"\"query\":\"" + startTrace + "\"");
		// The team's state changed in the panel: its model calls fail, and the table showed it.
		assertThat(seen.path("predictStatuses").valueStream().map(JsonNode::asInt)).anyMatch((status) -> status >= 500);
		assertThat(seen.path("errorRatioBefore").asString()).isEqualTo("0.0 %");
		assertThat(seen.path("errorRatioDuring").asString()).isNotEqualTo("0.0 %").endsWith(" %");
		String stopTrace = seen.path("stopTraceId").asString();
		assertThat(stopTrace).matches(TRACE_ID).isNotEqualTo(startTrace);
		assertThat(screenshot).isRegularFile();
		assertThat(Files.size(screenshot)).isGreaterThan(10_000);

		// The trace ids are the gateway's own: its SERVER spans of the two admin requests reached the collector.
		assertThat(receiver.await(Duration.ofSeconds(15), receiver::spans,
				(spans) -> spans.stream().anyMatch((span) -> span.traceId().equals(startTrace))
						&& spans.stream().anyMatch((span) -> span.traceId().equals(stopTrace))))
			.as("spans of traces %s and %s", startTrace, stopTrace)
			.isTrue();

		// The browser's requests to the gateway never carried an Authorization header; the session cookie is what
		// let the start and the stop through (a poll that the panel cancels may leave before its cookie is attached).
		List<JsonNode> proxied = seen.path("proxyRequests").valueStream().toList();
		assertThat(proxied.stream().map((request) -> request.path("method").asString())).contains("GET", "PUT", "DELETE");
		assertThat(proxied).allSatisfy((request) -> assertThat(request.path("authorization").isNull())
			.as("Authorization of %s", request)
			.isTrue());
		assertThat(proxied.stream().filter((request) -> !request.path("method").asString().equals("GET")))
			.allSatisfy((request) -> assertThat(request.path("cookie").asBoolean()).as("cookie of %s", request).isTrue());
		// And the failure is off again at the gateway.
		assertThat(activeFailures(TEAM)).isEmpty();
	}

	@Test
	@Order(2)
	void withoutAGrafanaSessionTheRouteAnswers401() throws Exception {
		for (String method : List.of("GET", "PUT", "DELETE")) {
			HttpResponse<String> response = viaNginx(method, "/gateway-proxy/admin/teams/" + TEAM + "/failures/" + KIND,
					null);
			assertThat(response.statusCode()).as(method).isEqualTo(401);
			assertThat(response.body()).doesNotContain(suite.adminKey());
		}
		assertThat(viaNginx("GET", "/gateway-proxy/admin/teams", null).statusCode()).isEqualTo(401);
		assertThat(viaNginx("GET", "/gateway-proxy/admin/teams", "grafana_session=forged").statusCode()).isEqualTo(401);
	}

	@Test
	@Order(3)
	void aViewerSeesTheTeamsButCannotStartAFailure() throws Exception {
		String viewer = grafana.session("viewer");
		HttpResponse<String> teams = viaNginx("GET", "/gateway-proxy/admin/teams", viewer);
		assertThat(teams.statusCode()).isEqualTo(200);
		assertThat(json.readTree(teams.body()).path("teams").valueStream().map((t) -> t.path("team").asString()))
			.containsExactlyInAnyOrderElementsOf(LocalSuite.TEAMS);
		assertThat(viaNginx("PUT", "/gateway-proxy/admin/teams/" + TEAM + "/failures/" + KIND, viewer).statusCode())
			.isEqualTo(403);
		assertThat(viaNginx("DELETE", "/gateway-proxy/admin/teams/" + TEAM + "/failures/" + KIND, viewer).statusCode())
			.isEqualTo(403);
		assertThat(activeFailures(TEAM)).isEmpty();
	}

	@Test
	@Order(4)
	void onlyTheAdminApiIsReachableAndTheKeyStaysInNginx() throws Exception {
		String editor = grafana.session("editor");
		assertThat(viaNginx("POST", "/gateway-proxy/admin/teams", editor).statusCode()).as("POST").isEqualTo(403);
		for (String path : List.of("/gateway-proxy/api/" + TEAM + "/predict", "/gateway-proxy/actuator/health",
				"/gateway-proxy/admin/../api/" + TEAM + "/predict", "/gateway-proxy/admin/%2e%2e/api/" + TEAM + "/predict")) {
			HttpResponse<String> response = viaNginx("GET", path, editor);
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.body()).doesNotContain(suite.adminKey());
		}
		// Grafana (here its stand-in) never sees the admin key: nginx adds it only towards the gateway.
		assertThat(grafana.requests()).isNotEmpty().allSatisfy((request) -> assertThat(request)
			.doesNotContain(suite.adminKey()));
		assertThat(grafana.requests()).anyMatch((request) -> request.startsWith("GET /api/user "))
			.anyMatch((request) -> request.startsWith("GET /api/dashboards/uid/llm-controlled-failures/versions?limit=1 "));
	}

	private static List<String> activeFailures(String team) throws Exception {
		HttpResponse<String> response = suite.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + suite.gatewayPort + "/admin/teams"))
			.header("Authorization", "Bearer " + suite.adminKey())
			.timeout(Duration.ofSeconds(10))
			.build());
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> kinds = new ArrayList<>();
		json.readTree(response.body())
			.path("teams")
			.valueStream()
			.filter((t) -> t.path("team").asString().equals(team))
			.forEach((t) -> t.path("failures").forEach((failure) -> kinds.add(failure.path("kind").asString())));
		return kinds;
	}

	private static HttpResponse<String> viaNginx(String method, String path, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nginx.url() + path))
			.timeout(Duration.ofSeconds(10))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Runs e2e/drive.mjs (playwright-core) and returns the JSON line it prints. */
	private static JsonNode drive(String settings) throws Exception {
		Path out = Files.createTempFile("ops-panel-drive", ".out");
		Path err = Files.createTempFile("ops-panel-drive", ".err");
		ProcessBuilder builder = new ProcessBuilder("node", "e2e/drive.mjs").directory(plugin.toFile())
			.redirectOutput(out.toFile())
			.redirectError(err.toFile());
		builder.environment().put("OPS_PANEL_E2E", settings);
		Process process = builder.start();
		try {
			boolean finished = process.waitFor(150, TimeUnit.SECONDS);
			if (!finished) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
			String stderr = Files.readString(err);
			assertThat(finished).as("drive.mjs finished in 150 s; stderr:\n%s", stderr).isTrue();
			assertThat(process.exitValue()).as("drive.mjs exit; stderr:\n%s\nnginx: %s", stderr, nginx.errors()).isZero();
			List<String> lines = Files.readAllLines(out);
			return json.readTree(lines.get(lines.size() - 1));
		}
		finally {
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
		}
	}

	private static boolean onPath(String tool) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, tool)));
	}

	private static final class URLDecoded {

		static String of(String text) {
			return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
		}

	}

	/**
	 * Stands in for Grafana behind the sidecar: the harness page and the plugin's files as Grafana serves them
	 * ({@code /public/plugins/<id>/}), sign-in by cookie, and the two endpoints the sidecar's session check asks.
	 */
	static final class FakeGrafana implements AutoCloseable {

		private final HttpServer server;

		private final Map<String, String> sessions = new ConcurrentHashMap<>();

		private final List<String> requests = new CopyOnWriteArrayList<>();

		private FakeGrafana(HttpServer server) {
			this.server = server;
		}

		static FakeGrafana start(Path plugin) throws IOException {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			FakeGrafana grafana = new FakeGrafana(server);
			server.createContext("/", (exchange) -> {
				try (exchange) {
					grafana.handle(exchange, plugin);
				}
			});
			server.start();
			return grafana;
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		/** A signed-in session of the role (editor or viewer), as its Cookie header. */
		String session(String role) {
			String token = UUID.randomUUID().toString();
			this.sessions.put(token, role);
			return "grafana_session=" + token;
		}

		/** Every request it got: request line and headers, one string each. */
		List<String> requests() {
			return List.copyOf(this.requests);
		}

		private void handle(HttpExchange exchange, Path plugin) throws IOException {
			String path = exchange.getRequestURI().getRawPath();
			String query = exchange.getRequestURI().getRawQuery();
			this.requests.add(exchange.getRequestMethod() + " " + path + ((query != null) ? "?" + query : "") + " "
					+ exchange.getRequestHeaders());
			String role = role(exchange.getRequestHeaders().getFirst("Cookie"));
			switch (path) {
				case "/login" -> {
					String cookie = session((query != null && query.contains("role=viewer")) ? "viewer" : "editor");
					exchange.getResponseHeaders().add("Set-Cookie", cookie + "; Path=/; HttpOnly; SameSite=Lax");
					exchange.getResponseHeaders().add("Location", "/?refreshSeconds=1");
					exchange.sendResponseHeaders(302, -1);
				}
				case "/api/user" -> answer(exchange, (role != null) ? 200 : 401, (role != null)
						? "{\"login\":\"" + role + "\"}" : "{\"message\":\"Unauthorized\"}");
				case "/api/dashboards/uid/llm-controlled-failures/versions" -> {
					int status = (role == null) ? 401 : role.equals("editor") ? 200 : 403;
					answer(exchange, status, (status == 200) ? "[]" : "{\"message\":\"Access denied\"}");
				}
				case "/", "/index.html" -> file(exchange, plugin.resolve("harness-dist/index.html"), "text/html");
				case "/harness.js" -> file(exchange, plugin.resolve("harness-dist/harness.js"), "text/javascript");
				default -> {
					String prefix = "/public/plugins/llmplatform-ops-panel/";
					Path dist = plugin.resolve("dist").normalize();
					Path file = path.startsWith(prefix) ? dist.resolve(path.substring(prefix.length())).normalize() : null;
					if (file != null && file.startsWith(dist) && Files.isRegularFile(file)) {
						file(exchange, file, file.toString().endsWith(".js") ? "text/javascript" : "application/octet-stream");
					}
					else {
						answer(exchange, 404, "{\"message\":\"Not found\"}");
					}
				}
			}
		}

		private String role(String cookieHeader) {
			if (cookieHeader == null) {
				return null;
			}
			Matcher matcher = Pattern.compile("grafana_session=([\\w-]+)").matcher(cookieHeader);
			return matcher.find() ? this.sessions.get(matcher.group(1)) : null;
		}

		private static void answer(HttpExchange exchange, int status, String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

		private static void file(HttpExchange exchange, Path file, String type) throws IOException {
			exchange.getResponseHeaders().add("Content-Type", type);
			exchange.sendResponseHeaders(200, Files.size(file));
			try (OutputStream out = exchange.getResponseBody()) {
				Files.copy(file, out);
			}
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

	/**
	 * Debian's nginx as the sidecar: the sidecar's template rendered as nginx-unprivileged's entrypoint renders it
	 * (envsubst of the named variables only), inside a minimal main configuration under a temporary prefix, on a
	 * free port, in the foreground.
	 */
	static final class Nginx implements AutoCloseable {

		private final Process process;

		private final Path prefix;

		private final int port;

		private Nginx(Process process, Path prefix, int port) {
			this.process = process;
			this.prefix = prefix;
			this.port = port;
		}

		static Nginx start(Path template, Map<String, String> upstreams) throws Exception {
			int port = JavaProcess.freePort();
			Map<String, String> values = new LinkedHashMap<>(upstreams);
			values.put("NGINX_LISTEN_PORT", Integer.toString(port));
			String rendered = render(Files.readString(template), values);
			assertThat(rendered).as("every variable of the template given").doesNotContainPattern("\\$\\{[A-Z0-9_]+}");
			// nginx started by root runs its workers as nobody: they must reach the temporary prefix.
			Path prefix = Files.createTempDirectory("ops-panel-nginx",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
			Files.createDirectories(prefix.resolve("logs"));
			Files.writeString(prefix.resolve("default.conf"), rendered);
			Files.writeString(prefix.resolve("nginx.conf"), """
					worker_processes 1;
					pid %1$s/nginx.pid;
					error_log %1$s/logs/error.log warn;
					events { worker_connections 128; }
					http {
					    access_log %1$s/logs/access.log;
					    client_body_temp_path %1$s/client_temp;
					    proxy_temp_path %1$s/proxy_temp;
					    fastcgi_temp_path %1$s/fastcgi_temp;
					    uwsgi_temp_path %1$s/uwsgi_temp;
					    scgi_temp_path %1$s/scgi_temp;
					    include %1$s/default.conf;
					}
					""".formatted(prefix));
			Process process = new ProcessBuilder("nginx", "-p", prefix.toString(), "-e",
					prefix.resolve("logs/error.log").toString(), "-c", prefix.resolve("nginx.conf").toString(), "-g",
					"daemon off;")
				.redirectErrorStream(true)
				.redirectOutput(prefix.resolve("logs/stdout.log").toFile())
				.start();
			Nginx nginx = new Nginx(process, prefix, port);
			Instant deadline = Instant.now().plusSeconds(15);
			while (!nginx.accepts()) {
				if (!process.isAlive() || Instant.now().isAfter(deadline)) {
					String errors = nginx.errors();
					nginx.close();
					throw new IllegalStateException("nginx did not start: " + errors);
				}
				Thread.sleep(100);
			}
			return nginx;
		}

		/** envsubst with a list of names: only these variables, nginx's own $variables untouched. */
		static String render(String template, Map<String, String> values) {
			Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(template);
			StringBuilder out = new StringBuilder();
			while (matcher.find()) {
				String value = values.get(matcher.group(1));
				matcher.appendReplacement(out, Matcher.quoteReplacement((value != null) ? value : matcher.group()));
			}
			return matcher.appendTail(out).toString();
		}

		String url() {
			return "http://127.0.0.1:" + this.port;
		}

		String errors() {
			try {
				Path log = this.prefix.resolve("logs/error.log");
				return Files.exists(log) ? Files.readString(log) : "";
			}
			catch (IOException ex) {
				return ex.toString();
			}
		}

		private boolean accepts() {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

		@Override
		public void close() throws Exception {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			try (Stream<Path> files = Files.walk(this.prefix)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}

	}

}
