import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed-rate load for bench/soak: POSTs {@code body} to {@code url} at {@code rate} requests per second for
 * {@code seconds}, whatever the answers' speed (an open model: a slow target does not slow the load down, its
 * requests pile up in flight), and writes one line per interval to {@code out}:
 * {@code elapsed_s sent ok non_2xx failed in_flight p50_ms p99_ms max_ms} (latencies of the answers that
 * arrived in that interval), and the final counts, after what was in flight has ended, on stdout. Exits with 1
 * when any request failed or answered other than 2xx. Run as a single-file program, no build: {@code java bench/LoadAtRate.java ...}.
 * The API key comes from the environment ({@code BENCH_API_KEY}), not the command line.
 */
public final class LoadAtRate {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong ok = new AtomicLong();

	private final AtomicLong non2xx = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong inFlight = new AtomicLong();

	private final List<Long> latenciesMicros = new ArrayList<>();

	public static void main(String[] args) throws Exception {
		if (args.length != 6) {
			System.err.println("usage: java LoadAtRate.java <url> <body> <requests/s> <seconds> <interval-seconds> <out.tsv>");
			System.exit(2);
		}
		new LoadAtRate().run(URI.create(args[0]), args[1], Double.parseDouble(args[2]), Long.parseLong(args[3]),
				Long.parseLong(args[4]), Path.of(args[5]));
	}

	private void run(URI url, String body, double rate, long seconds, long interval, Path out)
			throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		String key = System.getenv("BENCH_API_KEY");
		if (key != null && !key.isEmpty()) {
			request.header("Authorization", "Bearer " + key);
		}
		HttpRequest predict = request.build();
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
		long periodNanos = Math.max(1, Math.round(1_000_000_000 / rate));
		scheduler.scheduleAtFixedRate(() -> send(client, predict), 0, periodNanos, TimeUnit.NANOSECONDS);
		long start = System.nanoTime();
		try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out), true)) {
			writer.println("elapsed_s\tsent\tok\tnon_2xx\tfailed\tin_flight\tp50_ms\tp99_ms\tmax_ms");
			for (long elapsed = interval; elapsed <= seconds; elapsed += interval) {
				long wakeUp = start + TimeUnit.SECONDS.toNanos(elapsed);
				TimeUnit.NANOSECONDS.sleep(Math.max(0, wakeUp - System.nanoTime()));
				writer.println(line(elapsed));
			}
			scheduler.shutdownNow();
			// What is still in flight gets its timeout to finish, so that a late failure is counted.
			long drainUntil = System.nanoTime() + REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(1);
			while (this.inFlight.get() > 0 && System.nanoTime() < drainUntil) {
				TimeUnit.MILLISECONDS.sleep(50);
			}
		}
		System.out.printf("sent %d, ok %d, non-2xx %d, failed %d, still in flight %d%n", this.sent.get(),
				this.ok.get(), this.non2xx.get(), this.failed.get(), this.inFlight.get());
		System.exit((this.non2xx.get() + this.failed.get() + this.inFlight.get() == 0) ? 0 : 1);
	}

	private void send(HttpClient client, HttpRequest predict) {
		this.sent.incrementAndGet();
		this.inFlight.incrementAndGet();
		long begin = System.nanoTime();
		client.sendAsync(predict, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
			long micros = (System.nanoTime() - begin) / 1000;
			this.inFlight.decrementAndGet();
			if (failure != null) {
				this.failed.incrementAndGet();
				return;
			}
			(response.statusCode() / 100 == 2 ? this.ok : this.non2xx).incrementAndGet();
			synchronized (this.latenciesMicros) {
				this.latenciesMicros.add(micros);
			}
		});
	}

	/** The counters so far and the latencies of the interval just ended (which are then forgotten). */
	private String line(long elapsed) {
		List<Long> latencies;
		synchronized (this.latenciesMicros) {
			latencies = new ArrayList<>(this.latenciesMicros);
			this.latenciesMicros.clear();
		}
		Collections.sort(latencies);
		return String.format("%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s", elapsed, this.sent.get(), this.ok.get(),
				this.non2xx.get(), this.failed.get(), this.inFlight.get(), percentile(latencies, 50),
				percentile(latencies, 99), percentile(latencies, 100));
	}

	private static String percentile(List<Long> sorted, int percent) {
		if (sorted.isEmpty()) {
			return "-";
		}
		int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
		return String.format("%.2f", sorted.get(Math.max(0, index)) / 1000.0);
	}

}
