package io.llmplatform.vllm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.llmplatform.simulator.ModelSimulatorApplication;
import io.llmplatform.telemetry.test.ApiKeys;
import reactor.core.publisher.Mono;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model simulator, started once per test JVM on a free loopback port and shared by the test
 * classes (it is stateless between tests once {@link #clearFaults()} ran). Beside
 * {@code llm-baseline} it serves {@code llm-slow}, whose answers take seconds, for stream
 * timeouts. It records the headers of every vLLM request, to see what the client sent.
 */
public final class SimulatorFixture {

	/** A model whose answers are at least 40 tokens, 100 ms apart: longer than the tests' read timeout. */
	public static final String SLOW_MODEL = "llm-slow";

	/** Opens the simulator's admin API, new for every test JVM. */
	private static final String ADMIN_KEY = ApiKeys.generate();

	private static SimulatorFixture shared;

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	private SimulatorFixture(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static synchronized SimulatorFixture shared() {
		if (shared == null) {
			// Its own telemetry stays off: it is a stand-in for vLLM, whose spans we do not receive either.
			shared = new SimulatorFixture(new SpringApplicationBuilder(ModelSimulatorApplication.class,
					HeaderRecorder.class)
				.run("--server.port=0", "--server.address=127.0.0.1", "--spring.application.name=model-simulator",
						"--platform.telemetry.otlp.enabled=false", "--platform.telemetry.logging.json=false",
						"--simulator.admin.api-key-sha256=" + ApiKeys.sha256Hex(ADMIN_KEY),
						"--simulator.vllm.models=llm-baseline," + SLOW_MODEL,
						"--simulator.overrides." + SLOW_MODEL + ".inter-token-latency=100ms",
						"--simulator.overrides." + SLOW_MODEL + ".min-output-tokens=40"));
		}
		return shared;
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/** Headers of the vLLM requests received so far, oldest first. */
	public List<HttpHeaders> requests() {
		return List.copyOf(HeaderRecorder.headers);
	}

	public HttpHeaders lastRequest() {
		List<HttpHeaders> requests = requests();
		assertThat(requests).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

	/**
	 * Injects faults into a model through the admin API ({@code PUT /admin/faults/{target}}).
	 * @param model the model
	 * @param json the fault spec, e.g. {@code {"errorRates": {"throttled": 1.0}}}
	 */
	public void injectFaults(String model, String json) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/faults/" + model))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	public void clearFaults() {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/faults"))
					.header("Authorization", "Bearer " + ADMIN_KEY)
					.DELETE()
					.build());
		assertThat(response.statusCode()).isBetween(200, 299);
		HeaderRecorder.headers.clear();
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class HeaderRecorder {

		static final List<HttpHeaders> headers = new CopyOnWriteArrayList<>();

		@Bean
		WebFilter vllmRequestHeaderRecorder() {
			return (exchange, chain) -> {
				if (exchange.getRequest().getPath().value().startsWith("/v1/")) {
					HttpHeaders copy = new HttpHeaders();
					copy.putAll(exchange.getRequest().getHeaders());
					headers.add(copy);
				}
				return chain.filter(exchange).then(Mono.empty());
			};
		}

	}

}
