package io.llmplatform.grafana;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.llmplatform.telemetry.test.LocalSuite;

/**
 * Bounded load on loopback: virtual users, each a thread sending one kind of request in a loop with a pause, until
 * their phase ends. Counts answers by kind and status so that a test can say what it generated.
 */
final class LoadGenerator implements AutoCloseable {

	/** What a user sends: a team (or a path segment that is not one) and a JSON body. */
	record Request(String kind, String team, String body) {
	}

	static final Request QUANT = new Request("quant", "quant", "{\"prompt\":\"What is quantization?\",\"max_tokens\":32}");

	static final Request FINETUNE = new Request("finetune", "finetune",
			"{\"messages\":[{\"role\":\"user\",\"content\":\"Summarise LoRA.\"}],\"max_tokens\":32}");

	static final Request FINETUNE_STREAMED = new Request("finetune-streamed", "finetune",
			"{\"messages\":[{\"role\":\"user\",\"content\":\"Summarise QLoRA.\"}],\"max_tokens\":32,\"stream\":true}");

	static final Request EVAL = new Request("eval", "eval", "{\"prompt\":\"Name a prime number.\"}");

	static final Request EVAL_STREAMED = new Request("eval-streamed", "eval",
			"{\"prompt\":\"Name an even number.\",\"stream\":true}");

	/** Invalid: max_tokens below 1 is a 400 problem from the team. */
	static final Request INVALID = new Request("invalid", "quant", "{\"prompt\":\"x\",\"max_tokens\":0}");

	/** Not a team: a 404 problem from the gateway. */
	static final Request UNKNOWN_TEAM = new Request("unknown-team", "no-such-team", "{\"prompt\":\"x\"}");

	private final LocalSuite suite;

	private final ExecutorService users = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "load-user");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpClient vllmClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	LoadGenerator(LocalSuite suite) {
		this.suite = suite;
	}

	/** Runs the given users (request → number of users) through the gateway for {@code duration}, then returns. */
	void phase(Duration duration, Duration pause, Map<Request, Integer> mix) throws InterruptedException {
		long end = System.nanoTime() + duration.toNanos();
		List<java.util.concurrent.Future<?>> running = new ArrayList<>();
		mix.forEach((request, count) -> {
			for (int i = 0; i < count; i++) {
				running.add(this.users.submit(() -> loop(end, pause, () -> send(request))));
			}
		});
		await(running, end);
	}

	/**
	 * {@code concurrency} callers of the vLLM OpenAI API itself (the simulator's, model llm-baseline), without pause:
	 * more sequences than decoding slots, so requests wait in the model's queue as they do when many consumers share
	 * one baseline. Runs beside a gateway phase (call it from another thread) or alone.
	 */
	void saturateBaseline(int simulatorPort, int concurrency, Duration duration) throws InterruptedException {
		long end = System.nanoTime() + duration.toNanos();
		List<java.util.concurrent.Future<?>> running = new ArrayList<>();
		String body = "{\"model\":\"llm-baseline\",\"messages\":[{\"role\":\"user\",\"content\":\"Write a haiku.\"}],"
				+ "\"max_tokens\":48}";
		for (int i = 0; i < concurrency; i++) {
			running.add(this.users.submit(() -> loop(end, Duration.ZERO, () -> {
				HttpResponse<Void> response = this.vllmClient.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + simulatorPort + "/v1/chat/completions"))
					.header("Content-Type", "application/json")
					.timeout(Duration.ofSeconds(30))
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.discarding());
				count("vllm-direct", response.statusCode());
			})));
		}
		await(running, end);
	}

	private void send(Request request) throws Exception {
		HttpResponse<String> response = this.suite.predict(request.team(), request.body(),
				"truth-" + this.sequence.incrementAndGet());
		count(request.kind(), response.statusCode());
	}

	private void count(String kind, int status) {
		this.answers.computeIfAbsent(kind + " " + status, (key) -> new AtomicInteger()).incrementAndGet();
	}

	private interface Call {

		void run() throws Exception;

	}

	private void loop(long end, Duration pause, Call call) {
		while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
			try {
				call.run();
				if (!pause.isZero()) {
					Thread.sleep(pause.toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Exception ex) {
				count("exception " + ex.getClass().getSimpleName(), 0);
			}
		}
	}

	private static void await(List<java.util.concurrent.Future<?>> running, long end) throws InterruptedException {
		// Users finish the request they are in (at most the client timeout of 30 s) after the phase ends.
		long deadline = end + TimeUnit.SECONDS.toNanos(35);
		for (java.util.concurrent.Future<?> future : running) {
			try {
				future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
				future.cancel(true);
			}
		}
	}

	/** Answers so far, "kind status" → count, for the test's report. */
	Map<String, Integer> answers() {
		Map<String, Integer> copy = new java.util.TreeMap<>();
		this.answers.forEach((key, value) -> copy.put(key, value.get()));
		return copy;
	}

	@Override
	public void close() {
		this.users.shutdownNow();
	}

}
