package io.llmplatform.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain JDK HTTP client for the simulator, as any OpenAI-style client would talk to it. */
final class SimulatorClient {

	static final JsonMapper JSON = JsonMapper.shared();

	/** The admin key of the tests; configure {@link #ADMIN_KEY_SHA256} as {@code simulator.admin.api-key-sha256}. */
	static final String ADMIN_KEY = "test-admin-key";

	/** SHA-256 of {@link #ADMIN_KEY} (a constant, for annotations; {@code AdminApiKeyTests} checks it). */
	static final String ADMIN_KEY_SHA256 = "944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9";

	private final HttpClient http;

	private final String base;

	private final String authorization;

	SimulatorClient(int port) {
		// HTTP/1.1, as the simulator serves: not the JDK client's default h2c upgrade attempt on every new connection
		// (a CI run once waited 30 s for the answer to a GET after a DELETE; not reproduced since).
		this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(),
				"http://127.0.0.1:" + port, null);
	}

	private SimulatorClient(HttpClient http, String base, String authorization) {
		this.http = http;
		this.base = base;
		this.authorization = authorization;
	}

	/** This client, sending {@code Authorization: Bearer <key>} with every request. */
	SimulatorClient withBearer(String key) {
		return withAuthorization("Bearer " + key);
	}

	/** This client, sending this {@code Authorization} header with every request. */
	SimulatorClient withAuthorization(String authorization) {
		return new SimulatorClient(this.http, this.base, authorization);
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
	}

	HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	HttpResponse<String> put(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	HttpResponse<String> delete(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
	}

	CompletableFuture<HttpResponse<String>> postAsync(String path, String json) {
		return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	PrometheusTextParser metrics() {
		HttpResponse<String> response = get("/metrics");
		if (response.statusCode() != 200) {
			throw new AssertionError("/metrics answered " + response.statusCode());
		}
		return PrometheusTextParser.parse(response.body());
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	/** The {@code data:} payloads of an SSE body, in order, [DONE] included. */
	static List<String> sseData(String body) {
		List<String> data = new ArrayList<>();
		for (String event : body.split("\n\n")) {
			if (event.isBlank()) {
				continue;
			}
			if (!event.startsWith("data: ")) {
				throw new AssertionError("Not an SSE data event: " + event);
			}
			data.add(event.substring("data: ".length()));
		}
		return data;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		try {
			return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
