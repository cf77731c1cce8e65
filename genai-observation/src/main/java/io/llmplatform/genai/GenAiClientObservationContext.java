package io.llmplatform.genai;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The state of one model call while it is observed. A {@link SenderContext} so that the
 * span is a CLIENT span; there is no carrier of its own because the HTTP or SDK call made
 * inside it propagates the trace context.
 */
public class GenAiClientObservationContext extends SenderContext<Object> {

	private final GenAiRequest request;

	private final long startNanos = System.nanoTime();

	private @Nullable Long inputTokens;

	private @Nullable Long outputTokens;

	private final List<String> finishReasons = new ArrayList<>();

	private @Nullable String responseModel;

	private @Nullable String errorType;

	private @Nullable Long firstChunkNanos;

	private @Nullable String inputMessages;

	private @Nullable String outputMessages;

	public GenAiClientObservationContext(GenAiRequest request) {
		super((carrier, key, value) -> {
		}, Kind.CLIENT);
		this.request = request;
		setRemoteServiceName(request.provider());
	}

	public GenAiRequest getRequest() {
		return this.request;
	}

	public @Nullable Long getInputTokens() {
		return this.inputTokens;
	}

	public void setInputTokens(@Nullable Long inputTokens) {
		this.inputTokens = inputTokens;
	}

	public @Nullable Long getOutputTokens() {
		return this.outputTokens;
	}

	public void setOutputTokens(@Nullable Long outputTokens) {
		this.outputTokens = outputTokens;
	}

	public List<String> getFinishReasons() {
		return this.finishReasons;
	}

	public @Nullable String getResponseModel() {
		return this.responseModel;
	}

	public void setResponseModel(@Nullable String responseModel) {
		this.responseModel = responseModel;
	}

	public @Nullable String getErrorType() {
		return this.errorType;
	}

	public void setErrorType(@Nullable String errorType) {
		this.errorType = errorType;
	}

	/**
	 * Marks the arrival of the first chunk; later calls are ignored.
	 */
	public void markFirstChunk() {
		if (this.firstChunkNanos == null) {
			this.firstChunkNanos = System.nanoTime() - this.startNanos;
		}
	}

	/**
	 * Time to the first chunk, when the answer was streamed.
	 * @return nanoseconds, or {@code null}
	 */
	public @Nullable Long getTimeToFirstChunkNanos() {
		return this.firstChunkNanos;
	}

	public @Nullable String getInputMessages() {
		return this.inputMessages;
	}

	void setInputMessages(@Nullable String inputMessages) {
		this.inputMessages = inputMessages;
	}

	public @Nullable String getOutputMessages() {
		return this.outputMessages;
	}

	void setOutputMessages(@Nullable String outputMessages) {
		this.outputMessages = outputMessages;
	}

}
