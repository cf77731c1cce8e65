package io.llmplatform.sagemaker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.llmplatform.simulator.ModelSimulatorApplication;
import io.llmplatform.telemetry.test.ApiKeys;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The model simulator in this JVM on a free loopback port, driven through its HTTP admin API.
 */
final class TestSimulator implements AutoCloseable {

	/** Opens the simulator's admin API, new for every test JVM. */
	private static final String ADMIN_KEY = ApiKeys.generate();

	private final ConfigurableApplicationContext context;

	private final String baseUrl;

	private final HttpClient http = HttpClient.newHttpClient();

	private TestSimulator(ConfigurableApplicationContext context) {
		this.context = context;
		this.baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static TestSimulator start() {
		return new TestSimulator(new SpringApplicationBuilder(ModelSimulatorApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.application.name=model-simulator",
				"--spring.main.banner-mode=off", "--simulator.admin.api-key-sha256=" + ApiKeys.sha256Hex(ADMIN_KEY),
				// The starter is on this class path too: the simulator must export nothing, so that
				// everything the receiver gets comes from the invoker's context.
				"--platform.telemetry.otlp.enabled=false", "--platform.telemetry.logging.otlp=false",
				"--platform.telemetry.logging.json=false",
				"--spring.autoconfigure.exclude=io.llmplatform.sagemaker.autoconfigure.SageMakerInvokerAutoConfiguration"));
	}

	String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * {@code PUT /admin/faults/{target}}.
	 * @param target endpoint name
	 * @param specJson the fault spec, e.g. {@code {"errorRates":{"throttled":1.0}}}
	 */
	void injectFault(String target, String specJson) {
		send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/admin/faults/" + target))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.PUT(HttpRequest.BodyPublishers.ofString(specJson))
			.build(), 200);
	}

	/** {@code DELETE /admin/faults}: every fault cleared. */
	void clearFaults() {
		send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/admin/faults"))
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.DELETE()
			.build(), 204);
	}

	private void send(HttpRequest request, int expectedStatus) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expectedStatus) {
				throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
						+ response.statusCode() + ": " + response.body());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
