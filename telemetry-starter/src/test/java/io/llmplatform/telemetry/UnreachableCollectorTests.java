package io.llmplatform.telemetry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.llmplatform.telemetry.sample.SampleApplication;
import io.llmplatform.telemetry.test.JavaProcess;
import io.llmplatform.telemetry.test.OtlpReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A collector that is down or hangs must not reach the application: requests are answered
 * as before, nothing throws, queues stay bounded and the loss is counted.
 * <p>
 * The latency bound checked here is not a speed measurement: export timeouts are set to
 * {@value #EXPORT_TIMEOUT_SECONDS} s, so a request that waited on export at all would take
 * that long; one that did not is answered in a fraction of it.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnreachableCollectorTests {

	private static final int EXPORT_TIMEOUT_SECONDS = 3;

	private static final int REQUESTS = 150;

	private static final int QUEUE_SIZE = 64;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void collectorDownLeavesRequestsUnaffectedAndCountsDrops(CapturedOutput output) throws Exception {
		int closedPort = JavaProcess.freePort();
		try (ConfigurableApplicationContext app = start("http://127.0.0.1:" + closedPort)) {
			long slowest = sendRequests(app);
			assertThat(slowest).isLessThan(Duration.ofSeconds(EXPORT_TIMEOUT_SECONDS).toNanos() / 2);
			assertThat(awaitDropped(app, "traces")).isPositive();
			assertThat(awaitDropped(app, "logs")).isPositive();
			assertThat(awaitDropped(app, "metrics")).isPositive();
		}
		// The loss is told once a minute per signal, by DroppedTelemetry, not as a stack trace per failed export.
		assertThat(output.getOut()).contains("on OTLP export (receiver unreachable")
			.doesNotContain("Failed to export")
			.doesNotContain("\"logger\":\"io.opentelemetry.exporter")
			.doesNotContain("Failed to publish metrics");
	}

	@Test
	void hangingCollectorLeavesRequestsUnaffectedAndCountsDrops() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			receiver.hang();
			try (ConfigurableApplicationContext app = start(receiver.endpoint())) {
				long slowest = sendRequests(app);
				assertThat(slowest).isLessThan(Duration.ofSeconds(EXPORT_TIMEOUT_SECONDS).toNanos() / 2);
				assertThat(awaitDropped(app, "traces")).isPositive();
			}
		}
	}

	@Test
	void spansBeyondTheBoundedQueueAreDroppedAndCounted() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			receiver.hang();
			// An export timeout longer than the test: no batch can have failed, every drop is a queue drop.
			try (ConfigurableApplicationContext app = start(receiver.endpoint(),
					"--otel.exporter.otlp.timeout=60000", "--otel.bsp.export.timeout=60000")) {
				sendRequests(app);
				// Three spans per request; at most one batch is stuck in export and one queue's worth waits.
				assertThat(awaitDropped(app, "traces")).isGreaterThanOrEqualTo(REQUESTS * 3 - 2 * QUEUE_SIZE);
				receiver.release();
			}
		}
	}

	private ConfigurableApplicationContext start(String endpoint, String... overrides) {
		return new SpringApplicationBuilder(SampleApplication.class)
			.properties("otel.exporter.otlp.timeout=" + EXPORT_TIMEOUT_SECONDS * 1000,
					"otel.bsp.export.timeout=" + EXPORT_TIMEOUT_SECONDS * 1000,
					"otel.blrp.export.timeout=" + EXPORT_TIMEOUT_SECONDS * 1000)
			.run(java.util.stream.Stream.concat(java.util.stream.Stream.of("--server.port=0",
					"--platform.telemetry.otlp.endpoint=" + endpoint, "--platform.telemetry.metrics.step=1s",
					"--otel.bsp.schedule.delay=50", "--otel.bsp.max.queue.size=" + QUEUE_SIZE,
					"--otel.bsp.max.export.batch.size=" + QUEUE_SIZE),
					java.util.stream.Stream.of(overrides))
				.toArray(String[]::new));
	}

	/** Sends the requests one after another, each answered in full; returns the slowest, in nanoseconds. */
	private long sendRequests(ConfigurableApplicationContext app) throws Exception {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		long slowest = 0;
		// The first requests warm the JVM up; they are answered but not timed.
		for (int i = 0; i < REQUESTS; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
					HttpResponse.BodyHandlers.ofString());
			long took = System.nanoTime() - start;
			assertThat(response.statusCode()).isEqualTo(200);
			if (i >= 20) {
				slowest = Math.max(slowest, took);
			}
		}
		return slowest;
	}

	private double awaitDropped(ConfigurableApplicationContext app, String signal) throws Exception {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		String prefix = "telemetry_export_dropped_total{";
		long deadline = System.nanoTime() + Duration.ofSeconds(EXPORT_TIMEOUT_SECONDS * 5L).toNanos();
		double dropped = 0;
		while (dropped == 0 && System.nanoTime() < deadline) {
			String scrape = this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			dropped = scrape.lines()
				.filter((line) -> line.startsWith(prefix) && line.contains("signal=\"" + signal + "\""))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
			Thread.sleep(200);
		}
		return dropped;
	}

}
