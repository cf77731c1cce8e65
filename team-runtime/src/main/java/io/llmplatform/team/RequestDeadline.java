package io.llmplatform.team;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * When the caller stops waiting for the request being served on this thread. The gateway sets
 * one deadline per request and sends what is left of it in {@value #HEADER} (milliseconds); the
 * runtime starts the clock when the request arrives and derives every model call's timeout
 * from what is left, so each call ends before the caller gives up and no model is called after.
 */
public final class RequestDeadline {

	/** Request header with the milliseconds the caller still waits, set by the gateway. */
	public static final String HEADER = "X-Request-Deadline-Ms";

	private static final ThreadLocal<@Nullable RequestDeadline> CURRENT = new ThreadLocal<>();

	private final long deadlineNanos;

	private RequestDeadline(long deadlineNanos) {
		this.deadlineNanos = deadlineNanos;
	}

	/**
	 * A deadline {@code budget} from now.
	 * @param budget how long the caller waits
	 * @return the deadline
	 */
	public static RequestDeadline after(Duration budget) {
		return new RequestDeadline(System.nanoTime() + Math.max(0, budget.toNanos()));
	}

	/**
	 * The deadline of the request served on this thread.
	 * @return the deadline, empty outside a request (e.g. background work)
	 */
	public static Optional<RequestDeadline> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * Time left until the deadline.
	 * @return the time left, zero once passed
	 */
	public Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.deadlineNanos - System.nanoTime()));
	}

	/**
	 * Whether the caller has given up.
	 * @return whether the deadline has passed
	 */
	public boolean isExpired() {
		return this.deadlineNanos - System.nanoTime() <= 0;
	}

	/**
	 * An earlier deadline, at a share of the time left: for a call that must leave time for
	 * another one after it (a fallback).
	 * @param share the share of the time left, from 0 to 1
	 * @return the earlier deadline
	 */
	public RequestDeadline share(double share) {
		double bounded = Math.max(0, Math.min(1, share));
		return RequestDeadline.after(Duration.ofNanos((long) (remaining().toNanos() * bounded)));
	}

	/**
	 * Makes this the deadline of the current thread until the scope is closed.
	 * @return the scope, to be closed on the same thread
	 */
	public Scope makeCurrent() {
		RequestDeadline previous = CURRENT.get();
		CURRENT.set(this);
		return () -> {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		};
	}

	@Override
	public String toString() {
		return "RequestDeadline[remaining=" + remaining().toMillis() + "ms]";
	}

	/** A scope that closes without checked exceptions. */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
