package io.llmplatform.system;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import io.llmplatform.telemetry.test.ApiKeys;
import io.llmplatform.telemetry.test.JavaProcess;
import io.llmplatform.telemetry.test.LocalSuite;
import io.llmplatform.telemetry.test.TestResources;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each team service as its Deployment runs it ({@code k8s/base/teams/<team>/team-<team>.yaml}): the image's JVM
 * options, the container's environment (among it {@code JDK_JAVA_OPTIONS}, the heap sized for the memory limit) and
 * its limits as the JVM's processors and memory, the model simulator answering at once in place of SageMaker and
 * vLLM. Under {@value #LOAD_SECONDS} s of predictions, then under {@value #LARGE_BODY_CONNECTIONS} connections sending
 * the largest bodies the gateway forwards, its resident memory must stay under the container's memory limit and its
 * heap must hold: the bodies in progress are bounded ({@code platform.team.max-buffered-bodies}), and a failed model
 * call keeps no request body behind it.
 */
@ParameterizedClass(name = "team-{0}")
@ValueSource(strings = { "quant", "finetune", "eval" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeamMemoryLimitSystemTests {

	private static final int LOAD_SECONDS = 20;

	private static final int CONNECTIONS = 16;

	private static final int LARGE_BODY_SECONDS = 15;

	private static final int LARGE_BODY_CONNECTIONS = 48;

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final String internalCredential = ApiKeys.generate();

	private static final AtomicLong otlpExports = new AtomicLong();

	/** The team under test: {@code team-<name>} is its service. */
	@Parameter
	String teamName;

	private static DeployedJvm.Container container;

	private static JavaProcess team;

	private static int port;

	private static TestResources resources;

	@BeforeParameterizedClassInvocation
	static void startAsDeployed(String teamName) throws Exception {
		String service = service(teamName);
		resources = new TestResources();
		otlpExports.set(0);
		container = DeployedJvm.Container.read("k8s/base/teams/" + teamName + "/" + service + ".yaml");
		HttpServer otlpSink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		otlpSink.setExecutor(Executors.newFixedThreadPool(2));
		otlpSink.createContext("/v1/", (exchange) -> {
			otlpExports.incrementAndGet();
			try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
				in.transferTo(OutputStream.nullOutputStream());
				exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, -1);
			}
		});
		otlpSink.start();
		resources.add(() -> {
			otlpSink.stop(0);
			((ExecutorService) otlpSink.getExecutor()).shutdownNow();
		});
		int simulatorPort = JavaProcess.freePort();
		JavaProcess simulator = resources.add(JavaProcess.startJar(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
				LocalSuite.executableJar("model-simulator"), Map.of(), "--server.port=" + simulatorPort,
				"--simulator.defaults.time-to-first-token=0ms", "--simulator.defaults.inter-token-latency=0ms",
				"--simulator.defaults.max-num-seqs=256"));
		port = JavaProcess.freePort();
		String simulatorUrl = "http://127.0.0.1:" + simulatorPort;
		// Only the addresses differ from the pod's: loopback, the simulator, this test's OTLP sink and credential.
		Map<String, String> environment = DeployedJvm.environmentOnLoopback(container, port);
		environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + otlpSink.getAddress().getPort());
		environment.put("PLATFORM_SAGEMAKER_ENDPOINTOVERRIDE", simulatorUrl);
		environment.put("VLLM_CLIENT_BASEURL", simulatorUrl);
		environment.put("PLATFORM_TEAM_INTERNALCREDENTIALSHA256", ApiKeys.sha256Hex(internalCredential));
		// The simulator starts meanwhile: the team service calls it only when asked to predict.
		team = resources.add(DeployedJvm.start(container, LocalSuite.executableJar(service), environment,
				"Started " + Character.toUpperCase(teamName.charAt(0)) + teamName.substring(1) + "Application"));
		simulator.awaitOutput("Started", Duration.ofSeconds(120));
	}

	@AfterParameterizedClassInvocation
	static void stop() throws Exception {
		resources.close();
	}

	@Test
	@Order(1)
	void underLoadTheTeamServiceStaysWithinItsContainerMemoryLimit() throws Exception {
		DeployedJvm.Load load = DeployedJvm.load(http,
				predict("{\"prompt\":\"What is quantization?\",\"max_tokens\":64}"), team, CONNECTIONS, LOAD_SECONDS);
		long peakKb = DeployedJvm.peakResidentKb(team.pid());
		System.out.printf("%s under load as deployed: %d predictions in %d s, RSS peak %d MiB of the %d MiB limit%n",
				service(this.teamName), load.answered(), LOAD_SECONDS, peakKb / 1024, container.memoryLimitMiB());
		assertThat(load.failures()).as("requests that got no answer").isEmpty();
		assertThat(load.statuses()).as("answers by status").containsOnlyKeys(200);
		assertThat(load.statuses().get(200)).as("predictions answered").isGreaterThan(200L);
		assertThat(otlpExports.get()).as("OTLP exports of traces and logs").isPositive();
		assertThat(team.isAlive()).as(service(this.teamName) + " is still running\n" + String.join("\n", team.output()))
			.isTrue();
		assertThat(peakKb * 1024)
			.as(service(this.teamName) + "'s highest resident memory (bytes) against the container's memory limit")
			.isLessThanOrEqualTo(container.memoryLimitBytes());
	}

	/**
	 * Valid bodies of nearly 1 MB (64 messages: the model refuses them as longer than its context, after the team has
	 * parsed each and sent it on) on {@value #LARGE_BODY_CONNECTIONS} connections: more than the bound on bodies in
	 * progress holds, which answers the others 503 at once. Before the bound and before failed calls let go of their
	 * request bodies, 16 such connections ran the heap out and the JVM exited.
	 */
	@Test
	@Order(2)
	void theLargestBodiesAtOnceAreBoundedAndDoNotRunTheHeapOut() throws Exception {
		List<String> messages = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			messages.add("{\"role\":\"user\",\"content\":\"" + "word ".repeat(3000) + "\"}");
		}
		String body = "{\"messages\":[" + String.join(",", messages) + "],\"max_tokens\":16}";
		assertThat(body.length()).as("within the gateway's and the team's 1 MB").isBetween(900_000, 1_000_000);
		DeployedJvm.Load load = DeployedJvm.load(http, predict(body), team, LARGE_BODY_CONNECTIONS,
				LARGE_BODY_SECONDS);
		long peakKb = DeployedJvm.peakResidentKb(team.pid());
		System.out.printf("%s with the largest bodies on %d connections: %s, RSS peak %d MiB of the %d MiB limit%n",
				service(this.teamName), LARGE_BODY_CONNECTIONS, load.statuses(), peakKb / 1024, container.memoryLimitMiB());
		assertThat(team.isAlive()).as(service(this.teamName) + " is still running\n" + String.join("\n", team.output()))
			.isTrue();
		assertThat(team.output()).as("the heap held").noneMatch((line) -> line.contains("OutOfMemoryError"));
		assertThat(load.failures()).as("requests that got no answer").isEmpty();
		assertThat(load.statuses()).as("the model's refusal, or the bound's 503").containsOnlyKeys(422, 503);
		assertThat(load.statuses().get(503)).as("bodies refused at once by the bound").isPositive();
		assertThat(peakKb * 1024).as("the highest resident memory, the largest bodies at once")
			.isLessThanOrEqualTo(container.memoryLimitBytes());
		HttpResponse<String> small = http.send(predict("{\"prompt\":\"What is quantization?\",\"max_tokens\":8}"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(small.statusCode()).as("served again: " + small.body()).isEqualTo(200);
	}

	private static String service(String teamName) {
		return "team-" + teamName;
	}

	private static HttpRequest predict(String json) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
			.timeout(Duration.ofSeconds(20))
			.header("X-Internal-Credential", internalCredential)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
	}

}
