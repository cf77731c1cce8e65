package io.llmplatform.simulator.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * One simulated model: a scheduler with {@code maxNumSeqs} decoding slots and a FIFO waiting queue, and a
 * clock that releases the planned tokens at time-to-first-token, then one per inter-token latency.
 * Nothing blocks a thread: waiting requests are parked sinks, decoding runs on Reactor timers.
 */
public final class ModelEngine {

	private final String name;

	private final ModelKind kind;

	private final ModelProfile profile;

	private final EngineMetrics metrics;

	private final AtomicLong requestNumbers = new AtomicLong();

	private final AtomicLong kvTokensInUse = new AtomicLong();

	private final Object lock = new Object();

	private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

	private int running;

	public ModelEngine(String name, ModelKind kind, ModelProfile profile, EngineMetrics metrics) {
		this.name = name;
		this.kind = kind;
		this.profile = profile;
		this.metrics = metrics;
	}

	public String name() {
		return name;
	}

	public ModelKind kind() {
		return kind;
	}

	public ModelProfile profile() {
		return profile;
	}

	public EngineMetrics metrics() {
		return metrics;
	}

	/** Numbers requests in arrival order, so that sampled answers follow the simulator's seed. */
	public long nextRequestNumber() {
		return requestNumbers.getAndIncrement();
	}

	public int running() {
		synchronized (lock) {
			return running;
		}
	}

	public int waiting() {
		synchronized (lock) {
			return waiting.size();
		}
	}

	/** Fraction of the KV cache that running sequences hold (prompt plus tokens generated so far). */
	public double kvCacheUsage() {
		return Math.min(1.0, (double) kvTokensInUse.get() / profile.kvCacheTokens());
	}

	/**
	 * The answer's tokens, each released on the latency model's clock once a slot is free. Cancelling
	 * (client gone) frees the slot and counts the request as aborted, as vLLM does.
	 */
	public Flux<String> stream(GenerationPlan plan, long arrivalNanos) {
		return Flux.usingWhen(admit(plan.promptTokens(), arrivalNanos), slot -> tokensOnClock(plan, slot),
				slot -> finish(slot, plan.finishReason()), (slot, error) -> finish(slot, "abort"),
				slot -> finish(slot, "abort"));
	}

	/**
	 * The whole answer at once, after the time a streamed answer would have taken; the metrics record the
	 * same first-token and inter-token times as if it had been streamed.
	 */
	public Mono<GenerationPlan> complete(GenerationPlan plan, long arrivalNanos) {
		return Mono.usingWhen(admit(plan.promptTokens(), arrivalNanos), slot -> decodeAtOnce(plan, slot),
				slot -> finish(slot, plan.finishReason()), (slot, error) -> finish(slot, "abort"),
				slot -> finish(slot, "abort"));
	}

	private Flux<String> tokensOnClock(GenerationPlan plan, Slot slot) {
		List<String> pieces = plan.pieces();
		if (profile.instantaneous()) {
			return Flux.fromIterable(pieces).doOnNext(piece -> tokenEmitted(slot));
		}
		Duration ttft = profile.timeToFirstToken();
		Duration itl = profile.interTokenLatency();
		return Flux.range(0, pieces.size())
			.concatMap(i -> Mono.delay((i == 0) ? ttft : itl).thenReturn(pieces.get(i)))
			.doOnNext(piece -> tokenEmitted(slot));
	}

	private Mono<GenerationPlan> decodeAtOnce(GenerationPlan plan, Slot slot) {
		int tokens = plan.completionTokens();
		if (profile.instantaneous()) {
			recordAtOnce(slot, tokens);
			return Mono.just(plan);
		}
		Duration total = profile.timeToFirstToken().plus(profile.interTokenLatency().multipliedBy(Math.max(0, tokens - 1)));
		return Mono.delay(total).map(tick -> {
			recordAtOnce(slot, tokens);
			return plan;
		});
	}

	private void tokenEmitted(Slot slot) {
		long now = System.nanoTime();
		if (slot.emitted == 0) {
			metrics.timeToFirstToken().observe(seconds(now - slot.arrivalNanos));
		}
		else {
			metrics.interTokenLatency().observe(seconds(now - slot.lastTokenNanos));
		}
		slot.lastTokenNanos = now;
		slot.emitted++;
		slot.kvTokens++;
		kvTokensInUse.incrementAndGet();
		metrics.generationTokens().inc();
	}

	private void recordAtOnce(Slot slot, int tokens) {
		if (tokens > 0) {
			double ttft = seconds(slot.admittedNanos - slot.arrivalNanos) + seconds(profile.timeToFirstToken().toNanos());
			metrics.timeToFirstToken().observe(ttft);
			EngineMetrics.observe(metrics.interTokenLatency(), seconds(profile.interTokenLatency().toNanos()), tokens - 1L);
		}
		slot.emitted = tokens;
		metrics.generationTokens().inc(tokens);
	}

	private Mono<Void> finish(Slot slot, String finishReason) {
		return Mono.fromRunnable(() -> release(slot, finishReason));
	}

	private Mono<Slot> admit(int promptTokens, long arrivalNanos) {
		return Mono.create(sink -> {
			Waiter waiter = new Waiter(sink, promptTokens, arrivalNanos);
			Slot granted = null;
			int queued;
			synchronized (lock) {
				queued = waiting.size();
				if (running < profile.maxNumSeqs()) {
					running++;
					granted = waiter.grant();
				}
				else if (queued < profile.maxWaiting()) {
					waiting.addLast(waiter);
				}
			}
			if (granted != null) {
				sink.success(granted);
				return;
			}
			if (queued >= profile.maxWaiting()) {
				sink.error(new EngineOverloadedException(name, queued));
				return;
			}
			sink.onCancel(() -> abandon(waiter));
		});
	}

	/** The caller left while waiting, or just after its slot was granted: never leak the slot. */
	private void abandon(Waiter waiter) {
		Slot slot;
		synchronized (lock) {
			if (waiting.remove(waiter)) {
				return;
			}
			slot = waiter.slot;
		}
		if (slot != null) {
			release(slot, "abort");
		}
	}

	private void release(Slot slot, String finishReason) {
		if (!slot.released.compareAndSet(false, true)) {
			return;
		}
		long now = System.nanoTime();
		metrics.e2eRequestLatency().observe(seconds(now - slot.arrivalNanos));
		metrics.finished(finishReason);
		kvTokensInUse.addAndGet(-slot.kvTokens);
		Waiter next;
		synchronized (lock) {
			next = waiting.pollFirst();
			if (next == null) {
				running--;
			}
			else {
				next.grant();
			}
		}
		if (next != null) {
			next.sink.success(next.slot);
		}
	}

	private static double seconds(long nanos) {
		return nanos / 1_000_000_000.0;
	}

	/** A request parked until a decoding slot frees up. */
	private final class Waiter {

		final MonoSink<Slot> sink;

		final int promptTokens;

		final long arrivalNanos;

		Slot slot;

		Waiter(MonoSink<Slot> sink, int promptTokens, long arrivalNanos) {
			this.sink = sink;
			this.promptTokens = promptTokens;
			this.arrivalNanos = arrivalNanos;
		}

		/** Called under the scheduler lock: the request starts running now (prefill). */
		Slot grant() {
			long now = System.nanoTime();
			slot = new Slot(arrivalNanos, now, promptTokens);
			kvTokensInUse.addAndGet(promptTokens);
			metrics.promptTokens().inc(promptTokens);
			metrics.queueTime().observe(seconds(now - arrivalNanos));
			return slot;
		}

	}

	/** One running sequence. Its fields are written by one timer chain at a time. */
	static final class Slot {

		final long arrivalNanos;

		final long admittedNanos;

		final AtomicBoolean released = new AtomicBoolean();

		long kvTokens;

		long lastTokenNanos;

		int emitted;

		Slot(long arrivalNanos, long admittedNanos, int promptTokens) {
			this.arrivalNanos = arrivalNanos;
			this.admittedNanos = admittedNanos;
			this.kvTokens = promptTokens;
		}

	}

}
