package io.llmplatform.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A team service on loopback that records what it received. What it answers is chosen by the
 * test through the request header {@value #BEHAVIOUR} (which the gateway forwards): nothing
 * for a JSON 200, {@code slow} to answer after {@link #SLOW_MILLIS}, {@code problem} for a 400
 * problem-details body, {@code model-error} for a team's 502 model problem, {@code broken} for a 500.
 */
final class StubTeamService implements AutoCloseable {

	static final String BEHAVIOUR = "X-Stub-Behaviour";

	static final long SLOW_MILLIS = 3000;

	/** The {@code usage} of every 200 answer: 80 tokens in all. */
	static final int INPUT_TOKENS = 30;

	static final int OUTPUT_TOKENS = 50;

	static final String PROBLEM_BODY = "{\"type\":\"https://llmplatform.io/problems/validation\",\"title\":\"Invalid Request\","
			+ "\"status\":400,\"detail\":\"max_tokens must be positive\",\"instance\":\"/predict\","
			+ "\"errors\":[{\"field\":\"max_tokens\",\"message\":\"must be positive\"}]}";

	static final String MODEL_ERROR_BODY = "{\"type\":\"https://llmplatform.io/problems/model-error\",\"status\":502,"
			+ "\"model\":\"quant-endpoint\",\"errorType\":\"model_error\"}";

	private final String team;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private StubTeamService(String team) throws IOException {
		this.team = team;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	static StubTeamService start(String team) {
		try {
			return new StubTeamService(team);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	List<Received> received() {
		return this.received;
	}

	Received last() {
		return this.received.get(this.received.size() - 1);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Headers headers = new Headers();
		headers.putAll(exchange.getRequestHeaders());
		this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
		String behaviour = String.valueOf(exchange.getRequestHeaders().getFirst(BEHAVIOUR));
		if (behaviour.equals("slow")) {
			sleep();
		}
		if (behaviour.equals("problem")) {
			respond(exchange, 400, "application/problem+json", PROBLEM_BODY);
			return;
		}
		if (behaviour.equals("model-error")) {
			respond(exchange, 502, "application/problem+json", MODEL_ERROR_BODY);
			return;
		}
		if (behaviour.equals("broken")) {
			respond(exchange, 500, "application/problem+json", "{\"status\":500}");
			return;
		}
		respond(exchange, 200, "application/json",
				"{\"output\":\"ok\",\"served_by\":\"" + this.team + "\",\"path\":\"" + exchange.getRequestURI().getPath()
						+ "\",\"usage\":{\"input_tokens\":" + INPUT_TOKENS + ",\"output_tokens\":" + OUTPUT_TOKENS + "}}");
	}

	private static void sleep() {
		try {
			Thread.sleep(SLOW_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		try {
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (IOException ex) {
			// The gateway gave up (timeout) and closed the connection: nothing to answer.
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** One request as the team service saw it. */
	record Received(String method, String path, Headers headers, String body) {

		String header(String name) {
			return this.headers.getFirst(name);
		}

	}

}
