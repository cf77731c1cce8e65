package io.llmplatform.simulator.engine;

/** The waiting queue is full: the caller answers with its protocol's "unavailable" error. */
public final class EngineOverloadedException extends RuntimeException {

	public EngineOverloadedException(String model, int waiting) {
		super("Model " + model + " is overloaded: " + waiting + " requests already waiting.", null, false, false);
	}

}
