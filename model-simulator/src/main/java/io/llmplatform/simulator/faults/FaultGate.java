package io.llmplatform.simulator.faults;

import reactor.core.publisher.Mono;

/**
 * Turns a {@link FaultDecision} into time and signals: completes when the request may proceed, fails
 * with {@link InjectedFaultException} or, after a hang, {@link HangExpiredException}. All waits are
 * timers; a client that gives up cancels them.
 */
public final class FaultGate {

	private FaultGate() {
	}

	public static Mono<Void> pass(FaultDecision decision) {
		Mono<Void> delay = decision.addedLatency().isZero() ? Mono.empty()
				: Mono.delay(decision.addedLatency()).then();
		return switch (decision.outcome()) {
			case PROCEED -> delay;
			case THROTTLED -> Mono.error(new InjectedFaultException(ErrorKind.THROTTLED, true));
			case ERROR -> delay.then(Mono.error(new InjectedFaultException(decision.error(), false)));
			case HANG -> delay.then(Mono.delay(decision.hangFor())).then(Mono.error(new HangExpiredException()));
		};
	}

}
