package io.llmplatform.simulator.faults;

/** An injected error; each protocol answers it in its own error shape. */
public final class InjectedFaultException extends RuntimeException {

	private final ErrorKind kind;

	private final boolean rateLimited;

	InjectedFaultException(ErrorKind kind, boolean rateLimited) {
		super("Injected " + kind.label(), null, false, false);
		this.kind = kind;
		this.rateLimited = rateLimited;
	}

	public ErrorKind kind() {
		return kind;
	}

	/** True when {@code throttleAboveRps} refused the request (not a random throttling error). */
	public boolean rateLimited() {
		return rateLimited;
	}

}
