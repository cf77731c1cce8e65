package io.llmplatform.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmplatform.telemetry.test.ApiKeys;
import io.llmplatform.telemetry.test.JavaProcess;
import io.llmplatform.telemetry.test.LocalSuite;
import io.llmplatform.telemetry.test.TestResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway as its Deployment runs it ({@code k8s/base/platform/gateway.yaml}): with the image's JVM options (the
 * Jib configuration in {@code pom.xml}), the container's environment (among it {@code JDK_JAVA_OPTIONS}, the heap and
 * collector chosen for the memory limit) and its limits as the JVM's processors and memory, all telemetry at 100 %,
 * under {@value #LOAD_SECONDS} s of predictions on {@value #CONNECTIONS} connections, then with bodies held open by
 * one team. Its resident memory must stay under the container's memory limit, above which the kernel kills the
 * container, with every prediction answered, and the held bodies must not take the gateway from the other teams.
 * {@code bench/memory} measures the same with the JVM's own accounting (docs/BENCHMARKS.md, "Memory").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayMemoryLimitSystemTests {

	private static final int LOAD_SECONDS = 20;

	private static final int CONNECTIONS = 32;

	private static final int HELD_BODIES = 24;

	/** A team's answer, as bench/run's backend gives it (bench/lib/common.sh). */
	private static final String PREDICTION = """
			{"output":"Quantization maps weights to fewer bits.","model":"bench-model","model_version":"1",\
			"served_by":"bench-endpoint","usage":{"input_tokens":5,"output_tokens":9},"timings":{"total_ms":0},\
			"correlation_id":"bench"}""";

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static DeployedJvm.Container container;

	private static final Map<String, String> apiKeys = new LinkedHashMap<>();

	private static final AtomicLong otlpExports = new AtomicLong();

	private static JavaProcess gateway;

	private static int port;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void startAsDeployed() throws Exception {
		container = DeployedJvm.Container.read("k8s/base/platform/gateway.yaml");
		HttpServer backend = startBackendAndOtlpSink(otlpExports);
		resources.add(() -> {
			backend.stop(0);
			((ExecutorService) backend.getExecutor()).shutdownNow();
		});
		Path keyFile = Files.createTempFile("api-key-hashes", "");
		resources.add(() -> Files.deleteIfExists(keyFile));
		StringBuilder keyLines = new StringBuilder();
		for (String team : LocalSuite.TEAMS) {
			apiKeys.put(team, ApiKeys.generate());
			keyLines.append(team).append(' ').append(ApiKeys.sha256Hex(apiKeys.get(team))).append('\n');
		}
		Files.writeString(keyFile, keyLines);
		port = JavaProcess.freePort();
		String local = "http://127.0.0.1:" + backend.getAddress().getPort();
		// Only the addresses differ from the pod's: loopback, this test's backend and OTLP sink, a key file.
		Map<String, String> environment = DeployedJvm.environmentOnLoopback(container, port);
		environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", local);
		environment.put("PLATFORM_GATEWAY_APIKEYS_FILE", keyFile.toString());
		environment.put("PLATFORM_GATEWAY_INTERNALCREDENTIAL", ApiKeys.generate());
		List<String> arguments = new ArrayList<>();
		for (String team : LocalSuite.TEAMS) {
			environment.put("PLATFORM_GATEWAY_TEAMS_" + team.toUpperCase() + "_URL", local);
			// Quotas far above this load: every prediction goes to the backend.
			arguments.add("--platform.gateway.teams." + team + ".quota.requests-per-second=1000000000");
			arguments.add("--platform.gateway.teams." + team + ".quota.burst=1000000000");
			arguments.add("--platform.gateway.teams." + team + ".quota.tokens-per-minute=1000000000000000");
		}
		gateway = resources.add(DeployedJvm.start(container, LocalSuite.executableJar("gateway"), environment,
				"Started GatewayApplication", arguments.toArray(String[]::new)));
	}

	@Test
	@Order(1)
	void underLoadTheGatewayStaysWithinItsContainerMemoryLimit() throws Exception {
		HttpRequest prediction = HttpRequest.newBuilder(predictUri("quant"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + apiKeys.get("quant"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"What is quantization?\",\"max_tokens\":64}"))
			.build();
		DeployedJvm.Load load = DeployedJvm.load(http, prediction, gateway, CONNECTIONS, LOAD_SECONDS);
		long peakKb = DeployedJvm.peakResidentKb(gateway.pid());
		String output = String.join("\n", gateway.output());
		System.out.printf("gateway under load as deployed: %d predictions in %d s, RSS peak %d MiB of the %d MiB limit%n",
				load.answered(), LOAD_SECONDS, peakKb / 1024, container.memoryLimitMiB());
		assertThat(load.failures()).as("requests that got no answer").isEmpty();
		assertThat(load.statuses()).as("answers by status").containsOnlyKeys(200);
		assertThat(load.statuses().get(200)).as("predictions answered").isGreaterThan(1000L);
		assertThat(otlpExports.get()).as("OTLP exports of traces and logs").isPositive();
		assertThat(gateway.isAlive()).as("the gateway is still running\n" + output).isTrue();
		assertThat(peakKb * 1024).as("the gateway's highest resident memory (bytes) against the container's "
				+ "memory limit").isLessThanOrEqualTo(container.memoryLimitBytes());
	}

	/**
	 * Bodies of the largest size (1 MB) on {@value #HELD_BODIES} connections of one team, all but their last
	 * bytes sent: the team's bound on buffered bodies (16 MB) holds the first ones and answers the others 503 at once,
	 * before their bodies are read; another team is served meanwhile; the gateway's memory stays under the limit,
	 * nothing fails inside it, and once the connections close the team is served again.
	 */
	@Test
	@Order(2)
	void bodiesHeldByOneTeamAreBoundedAndDoNotTakeTheGatewayFromTheOthers() throws Exception {
		int bodySize = 1_000_000;
		int bounded = 16_777_216 / bodySize;
		List<Socket> held = new ArrayList<>();
		try {
			for (int i = 0; i < HELD_BODIES; i++) {
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
				held.add(socket);
				OutputStream out = socket.getOutputStream();
				out.write(requestHead("quant", "held-" + i, bodySize));
				out.write("{\"prompt\":\"".getBytes(StandardCharsets.US_ASCII));
				out.write("x".repeat(bodySize - 100).getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			assertThat(post("finetune", bodySize - 100).statusCode()).as("another team's largest body").isEqualTo(200);
			assertThat(head("quant", bodySize - 100)).as("the same team's largest body, while its bound is full")
				.startsWith("HTTP/1.1 503");
			int rejected = 0;
			for (Socket socket : held) {
				String answer = firstBytes(socket);
				if (!answer.isEmpty()) {
					assertThat(answer).startsWith("HTTP/1.1 503")
						.contains("Retry-After: 1", "application/problem+json",
								"https://llmplatform.io/problems/body-buffer-full", "\"correlationId\":\"held-");
					rejected++;
				}
			}
			assertThat(rejected).as("bodies answered 503 at once (the bound holds " + bounded + ")")
				.isEqualTo(HELD_BODIES - bounded);
			long peakKb = DeployedJvm.peakResidentKb(gateway.pid());
			System.out.printf("gateway with %d bodies held: %d answered 503, RSS peak %d MiB of the %d MiB limit%n",
					HELD_BODIES, rejected, peakKb / 1024, container.memoryLimitMiB());
			assertThat(peakKb * 1024).as("the highest resident memory, bodies held")
				.isLessThanOrEqualTo(container.memoryLimitBytes());
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
		// The closed connections give their bytes back.
		await().atMost(Duration.ofSeconds(15))
			.ignoreExceptions()
			.until(() -> post("quant", bodySize - 100).statusCode() == 200);
		assertThat(gateway.output()).as("failures inside the gateway")
			.noneMatch((line) -> line.contains("failed inside the gateway") || line.contains("OutOfMemoryError"));
		assertThat(gateway.isAlive()).isTrue();
	}

	private static URI predictUri(String team) {
		return URI.create("http://127.0.0.1:" + port + "/api/" + team + "/predict");
	}

	private static HttpResponse<String> post(String team, int bodySize) throws Exception {
		String body = "{\"prompt\":\"" + "y".repeat(bodySize - 14) + "\"}";
		return http.send(HttpRequest.newBuilder(predictUri(team))
			.timeout(Duration.ofSeconds(20))
			.header("Authorization", "Bearer " + apiKeys.get(team))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static byte[] requestHead(String team, String correlationId, int contentLength) {
		return ("POST /api/" + team + "/predict HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + apiKeys.get(team)
				+ "\r\nContent-Type: application/json\r\nX-Correlation-ID: " + correlationId + "\r\nContent-Length: "
				+ contentLength + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	/** The gateway's answer to a request head alone, its body not sent. */
	private static String head(String team, int contentLength) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.getOutputStream().write(requestHead(team, "head-only", contentLength));
			socket.getOutputStream().flush();
			return firstBytes(socket);
		}
	}

	/** What the server has sent on the connection within 200 ms, at most 2 KB; empty if nothing. */
	private static String firstBytes(Socket socket) throws IOException {
		socket.setSoTimeout(200);
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[2048];
		int length = 0;
		try {
			int read;
			while (length < buffer.length && (read = in.read(buffer, length, buffer.length - length)) != -1) {
				length += read;
			}
		}
		catch (SocketTimeoutException ex) {
			// Nothing more for now.
		}
		return new String(buffer, 0, length, StandardCharsets.UTF_8);
	}

	/** The team's prediction and the OTLP collector's 200, as bench/run's nginx backend answers them. */
	private static HttpServer startBackendAndOtlpSink(AtomicLong otlpExports) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.createContext("/predict", (exchange) -> answer(exchange, "application/json", PREDICTION));
		server.createContext("/v1/", (exchange) -> {
			otlpExports.incrementAndGet();
			answer(exchange, "application/x-protobuf", "");
		});
		server.start();
		return server;
	}

	private static void answer(HttpExchange exchange, String contentType, String body) throws IOException {
		try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
			in.transferTo(OutputStream.nullOutputStream());
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", contentType);
			exchange.sendResponseHeaders(200, (bytes.length > 0) ? bytes.length : -1);
			out.write(bytes);
		}
	}

}
