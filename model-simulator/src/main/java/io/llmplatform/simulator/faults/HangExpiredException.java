package io.llmplatform.simulator.faults;

/** An injected hang reached its bound and nobody gave up first: answered as a timeout. */
public final class HangExpiredException extends RuntimeException {

	public HangExpiredException() {
		super("Injected hang expired", null, false, false);
	}

}
