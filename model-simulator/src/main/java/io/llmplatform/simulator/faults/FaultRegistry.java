package io.llmplatform.simulator.faults;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.llmplatform.simulator.engine.SeedMixer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The faults in force, per endpoint or model, and the count of every fault injected. Decisions are drawn
 * from the simulator's seed and a per-target request counter, so a run is reproducible.
 */
public final class FaultRegistry {

	/** Fault label of requests refused by {@code throttleAboveRps}. */
	public static final String RATE_LIMITED = "rate_limited";

	public static final String HANG = "hang";

	public static final String ADDED_LATENCY = "added_latency";

	public static final String HEALTH = "health";

	/** Target label of server-wide faults (the health switch). */
	public static final String SERVER = "server";

	/** No hang outlives ten minutes, whatever is asked: nothing may be held forever. */
	static final long MAX_HANG_MS = 600_000;

	private final long seed;

	private final Set<String> knownTargets;

	private final Map<String, ActiveFaults> active = new ConcurrentHashMap<>();

	private final Counter injected;

	private final AtomicBoolean healthFailing = new AtomicBoolean();

	/** Counts faults in, and shows the faults in force on, {@code registry}. */
	public FaultRegistry(long seed, Set<String> knownTargets, PrometheusRegistry registry) {
		this.seed = seed;
		this.knownTargets = Set.copyOf(knownTargets);
		this.injected = Counter.builder()
			.name("simulator_faults_injected")
			.help("Faults injected into requests, by endpoint or model and fault.")
			.labelNames("target", "fault")
			.withoutExemplars()
			.register(registry);
		registerMetrics(registry);
	}

	public boolean isKnownTarget(String target) {
		return knownTargets.contains(target);
	}

	/** Replaces the faults of {@code target}. Throws {@link IllegalArgumentException} for a bad spec. */
	public void set(String target, FaultSpec spec) {
		if (!isKnownTarget(target)) {
			throw new IllegalArgumentException("Unknown endpoint or model '" + target + "': known are " + knownTargets);
		}
		active.put(target, new ActiveFaults(target, spec));
	}

	public void clear(String target) {
		active.remove(target);
	}

	public void clearAll() {
		active.clear();
		healthFailing.set(false);
	}

	public Map<String, FaultSpec> snapshot() {
		Map<String, FaultSpec> specs = new TreeMap<>();
		active.forEach((target, faults) -> specs.put(target, faults.spec));
		return specs;
	}

	public boolean isHealthFailing() {
		return healthFailing.get();
	}

	public void setHealthFailing(boolean failing) {
		healthFailing.set(failing);
	}

	/** Called by {@code /health} when it answers 503 because of the switch. */
	public void healthCheckFailed() {
		count(SERVER, HEALTH);
	}

	/** Decides, and counts, what happens to the next request of {@code target}. */
	public FaultDecision decide(String target) {
		ActiveFaults faults = active.get(target);
		return (faults != null) ? faults.decide() : FaultDecision.PROCEED;
	}

	private void registerMetrics(PrometheusRegistry registry) {
		GaugeWithCallback.builder()
			.name("simulator_faults_active")
			.help("Faults in force: error and hang rates as probabilities, added latency in seconds, "
					+ "rate_limited in requests per second, health 1 while /health fails.")
			.labelNames("target", "fault")
			.callback(callback -> {
				new TreeMap<>(active).forEach((target, faults) -> faults.settings()
					.forEach((fault, value) -> callback.call(value, target, fault)));
				if (healthFailing.get()) {
					callback.call(1, SERVER, HEALTH);
				}
			})
			.register(registry);
	}

	private void count(String target, String fault) {
		injected.labelValues(target, fault).inc();
	}

	/** One target's faults, compiled for the request path. */
	private final class ActiveFaults {

		final String target;

		final FaultSpec spec;

		final EnumMap<ErrorKind, Double> errorRates = new EnumMap<>(ErrorKind.class);

		final TokenBucket rateLimit;

		final Duration addedLatency;

		final Duration hangFor;

		final AtomicLong draws = new AtomicLong();

		ActiveFaults(String target, FaultSpec spec) {
			this.target = target;
			this.spec = spec;
			double total = 0;
			for (Map.Entry<String, Double> rate : spec.getErrorRates().entrySet()) {
				double value = (rate.getValue() != null) ? rate.getValue() : 0;
				requireProbability("error rate " + rate.getKey(), value);
				errorRates.merge(ErrorKind.parse(rate.getKey()), value, Double::sum);
				total += value;
			}
			if (total > 1.0 + 1e-9) {
				throw new IllegalArgumentException("Error rates add up to " + total + ", more than 1");
			}
			requireProbability("hangRate", spec.getHangRate());
			if (spec.getAddedLatencyMs() < 0 || spec.getHangMaxMs() < 0 || spec.getThrottleAboveRps() < 0) {
				throw new IllegalArgumentException("addedLatencyMs, hangMaxMs and throttleAboveRps cannot be negative");
			}
			if (spec.getHangMaxMs() > MAX_HANG_MS) {
				throw new IllegalArgumentException("hangMaxMs may be at most " + MAX_HANG_MS + " (10 minutes)");
			}
			this.rateLimit = (spec.getThrottleAboveRps() > 0) ? new TokenBucket(spec.getThrottleAboveRps()) : null;
			this.addedLatency = Duration.ofMillis(spec.getAddedLatencyMs());
			this.hangFor = Duration.ofMillis(spec.getHangMaxMs());
		}

		FaultDecision decide() {
			if (rateLimit != null && !rateLimit.tryAcquire()) {
				count(target, RATE_LIMITED);
				return new FaultDecision(FaultDecision.Outcome.THROTTLED, ErrorKind.THROTTLED, Duration.ZERO,
						Duration.ZERO);
			}
			if (!addedLatency.isZero()) {
				count(target, ADDED_LATENCY);
			}
			long draw = SeedMixer.mix(SeedMixer.mix(seed, target.hashCode()), draws.getAndIncrement());
			if (SeedMixer.uniform(draw) < spec.getHangRate()) {
				count(target, HANG);
				return new FaultDecision(FaultDecision.Outcome.HANG, null, addedLatency, hangFor);
			}
			double errorDraw = SeedMixer.uniform(SeedMixer.mix(draw, 1));
			double cumulative = 0;
			for (Map.Entry<ErrorKind, Double> rate : errorRates.entrySet()) {
				cumulative += rate.getValue();
				if (errorDraw < cumulative) {
					count(target, rate.getKey().label());
					return new FaultDecision(FaultDecision.Outcome.ERROR, rate.getKey(), addedLatency, Duration.ZERO);
				}
			}
			return addedLatency.isZero() ? FaultDecision.PROCEED
					: new FaultDecision(FaultDecision.Outcome.PROCEED, null, addedLatency, Duration.ZERO);
		}

		Map<String, Double> settings() {
			Map<String, Double> settings = new LinkedHashMap<>();
			errorRates.forEach((kind, rate) -> {
				if (rate > 0) {
					settings.put(kind.label(), rate);
				}
			});
			if (spec.getHangRate() > 0) {
				settings.put(HANG, spec.getHangRate());
			}
			if (!addedLatency.isZero()) {
				settings.put(ADDED_LATENCY, addedLatency.toNanos() / 1e9);
			}
			if (rateLimit != null) {
				settings.put(RATE_LIMITED, spec.getThrottleAboveRps());
			}
			return settings;
		}

		private static void requireProbability(String what, double value) {
			if (value < 0 || value > 1 || Double.isNaN(value)) {
				throw new IllegalArgumentException(what + " must be between 0 and 1, not " + value);
			}
		}

	}

}
