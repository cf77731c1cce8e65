package io.llmplatform.simulator.engine;

/** Derives independent, reproducible random values from a seed and a few coordinates. */
public final class SeedMixer {

	private SeedMixer() {
	}

	/** SplitMix64 finaliser over two values: cheap, well spread, the same on every JVM. */
	public static long mix(long a, long b) {
		long z = a * 0x9E3779B97F4A7C15L + b;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** A uniform double in [0, 1) from a mixed value. */
	public static double uniform(long mixed) {
		return (mixed >>> 11) * 0x1.0p-53;
	}

}
