package io.llmplatform.vllm.internal;

import java.util.function.Supplier;

import io.llmplatform.vllm.Usage;
import org.jspecify.annotations.Nullable;

/**
 * What the client tells telemetry about one call. An interface of our own so that the client
 * loads without telemetry-starter: {@link GenAiVllmCallTelemetry} is the only class that names
 * its types, and it is created only when they are present. Internal: not a stable API.
 */
public interface VllmCallTelemetry {

	/** Telemetry that records nothing: the client's behaviour without telemetry-starter. */
	VllmCallTelemetry NONE = (operation, model, maxTokens, temperature) -> Call.NONE;

	/**
	 * Starts observing one call.
	 * @param operation {@code chat} or {@code text_completion}
	 * @param model the model asked for
	 * @param maxTokens the requested maximum of generated tokens, if any
	 * @param temperature the requested temperature, if any
	 * @return the call, to be closed when the answer is complete or has failed
	 */
	Call start(String operation, String model, @Nullable Integer maxTokens, @Nullable Double temperature);

	/** One observed call. */
	interface Call extends AutoCloseable {

		/** A call that records nothing. */
		Call NONE = new Call() {
		};

		/**
		 * Makes the call current on this thread, so that the HTTP exchange is its child.
		 * @return the scope, to be closed on the same thread
		 */
		default Scope openScope() {
			return () -> {
			};
		}

		/** The first SSE data chunk arrived (later calls are ignored). */
		default void firstChunk() {
		}

		/** What the answer reported: model, usage, finish reason. */
		default void answered(@Nullable String responseModel, @Nullable Usage usage, @Nullable String finishReason) {
		}

		/** The prompt, serialised; the supplier is only called when content capture is on. */
		default void prompt(Supplier<String> prompt) {
		}

		/** The completion, serialised; the supplier is only called when content capture is on. */
		default void completion(Supplier<String> completion) {
		}

		/** The call failed. */
		default void error(String errorType, Throwable error) {
		}

		/** Ends the call. */
		@Override
		default void close() {
		}

	}

	/** A scope that closes without checked exceptions. */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
