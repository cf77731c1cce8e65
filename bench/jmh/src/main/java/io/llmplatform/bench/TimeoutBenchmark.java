package io.llmplatform.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

/**
 * The body limit's read timeout, per request: a value through a chain of operators (as the
 * request body comes through Reactor Netty's and the filters'), then {@code timeout}. Without
 * a fallback ({@link #baselineTimeoutWithoutFallback()}, what the gateway did), Reactor names
 * the timeout for its error message at every subscription by walking the chain; with one, it
 * does not. Both schedule and cancel the same timer task.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx256m" })
public class TimeoutBenchmark {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private static final IllegalStateException TIMED_OUT = new IllegalStateException("body did not arrive");

	@Benchmark
	public Integer baselineTimeoutWithoutFallback() {
		return body().timeout(READ_TIMEOUT).onErrorMap(java.util.concurrent.TimeoutException.class, (ex) -> TIMED_OUT)
			.block();
	}

	@Benchmark
	public Integer timeoutWithFallback() {
		return body().timeout(READ_TIMEOUT, Mono.error(() -> TIMED_OUT)).block();
	}

	private static Mono<Integer> body() {
		Mono<Integer> body = Mono.just(1);
		for (int i = 0; i < 12; i++) {
			body = body.map((value) -> value + 1).filter((value) -> value > 0);
		}
		return body;
	}

}
