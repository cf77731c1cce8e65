package io.llmplatform.simulator.faults;

import java.time.Duration;

/**
 * What happens to one request before the model sees it.
 *
 * @param outcome whether it proceeds, fails, is throttled or hangs
 * @param error the error to answer with when {@code outcome} is {@link Outcome#ERROR}
 * @param addedLatency wait added before anything else happens
 * @param hangFor how long a hang lasts before it fails as a timeout
 */
public record FaultDecision(Outcome outcome, ErrorKind error, Duration addedLatency, Duration hangFor) {

	public static final FaultDecision PROCEED = new FaultDecision(Outcome.PROCEED, null, Duration.ZERO, Duration.ZERO);

	public enum Outcome {

		PROCEED, ERROR, THROTTLED, HANG

	}

}
