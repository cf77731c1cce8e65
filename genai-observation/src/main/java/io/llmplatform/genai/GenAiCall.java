package io.llmplatform.genai;

import java.util.List;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;

/**
 * One model call being observed. Report what the answer said, then {@link #end()} it
 * (or use it in try-with-resources). Obtained from {@link GenAiTelemetry#start(GenAiRequest)}.
 */
public final class GenAiCall implements AutoCloseable {

	private final Observation observation;

	private final GenAiClientObservationContext context;

	private final boolean captureContent;

	GenAiCall(Observation observation, GenAiClientObservationContext context, boolean captureContent) {
		this.observation = observation;
		this.context = context;
		this.captureContent = captureContent;
	}

	/**
	 * Makes this call's span current, so that the HTTP or SDK call made for it is its child.
	 * @return the scope to close on the same thread
	 */
	public Observation.Scope openScope() {
		return this.observation.openScope();
	}

	/** Records that the first chunk of a streamed answer arrived (only the first call counts). */
	public GenAiCall firstChunk() {
		this.context.markFirstChunk();
		return this;
	}

	/** Records the token usage the model reported. */
	public GenAiCall usage(long inputTokens, long outputTokens) {
		this.context.setInputTokens(inputTokens);
		this.context.setOutputTokens(outputTokens);
		return this;
	}

	/**
	 * Records why generation stopped, one reason per choice; exported as
	 * {@code gen_ai.response.finish_reasons}, the reasons joined by commas.
	 */
	public GenAiCall finishReasons(List<String> reasons) {
		this.context.getFinishReasons().addAll(reasons);
		return this;
	}

	/** Records the model that answered. */
	public GenAiCall responseModel(String model) {
		this.context.setResponseModel(model);
		return this;
	}

	/**
	 * Records the messages sent to the model as {@code gen_ai.input.messages}; the supplier is
	 * called only when content capture is on.
	 * @param messages the prompt, in conversation order (system instructions that the provider
	 * takes as part of the conversation included)
	 */
	public GenAiCall inputMessages(Supplier<List<GenAiMessage>> messages) {
		if (this.captureContent) {
			this.context.setInputMessages(GenAiMessages.toJson(messages.get()));
		}
		return this;
	}

	/**
	 * Records the model's answer as {@code gen_ai.output.messages}; the supplier is called only
	 * when content capture is on.
	 * @param messages the answer, one message per choice (see {@link GenAiMessage#answer})
	 */
	public GenAiCall outputMessages(Supplier<List<GenAiMessage>> messages) {
		if (this.captureContent) {
			this.context.setOutputMessages(GenAiMessages.toJson(messages.get()));
		}
		return this;
	}

	/**
	 * Records a failure.
	 * @param errorType low-cardinality {@code error.type} (e.g. {@code timeout}, {@code throttled})
	 * @param error the exception, if any
	 */
	public GenAiCall error(String errorType, Throwable error) {
		this.context.setErrorType(errorType);
		if (error != null) {
			this.observation.error(error);
		}
		return this;
	}

	/**
	 * Records a failure, typed by the exception's class name.
	 * @param error the exception
	 */
	public GenAiCall error(Throwable error) {
		return error(error.getClass().getName(), error);
	}

	/** The observation context, for conventions and tests. */
	public GenAiClientObservationContext context() {
		return this.context;
	}

	/** Ends the call: the span is finished and the metrics recorded. */
	public void end() {
		this.observation.stop();
	}

	@Override
	public void close() {
		end();
	}

}
