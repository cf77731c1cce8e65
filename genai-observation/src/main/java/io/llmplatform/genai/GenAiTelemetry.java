package io.llmplatform.genai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Declares model calls: what auto-instrumentation cannot know about them (operation,
 * provider, model, tokens, finish reasons, time to first chunk) becomes the GenAI span and
 * the {@code gen_ai.client.*} metrics of the catalogue (recorded by telemetry-starter's meter
 * handler). Prompt and answer are recorded only when content capture is on.
 *
 * <pre class="code">
 * try (GenAiCall call = genAi.start(GenAiRequest.chat(GenAiRequest.PROVIDER_VLLM, model));
 *      Observation.Scope scope = call.openScope()) {
 *     Answer answer = client.send(...);
 *     call.usage(answer.promptTokens(), answer.completionTokens()).finishReasons(answer.reasons());
 * }
 * </pre>
 */
public class GenAiTelemetry {

	private final ObservationRegistry registry;

	private final @Nullable GenAiClientObservationConvention customConvention;

	private final boolean captureContent;

	public GenAiTelemetry(ObservationRegistry registry, @Nullable GenAiClientObservationConvention customConvention,
			boolean captureContent) {
		this.registry = registry;
		this.customConvention = customConvention;
		this.captureContent = captureContent;
	}

	/**
	 * Telemetry that records nothing: for a client used without an observation registry.
	 * @return the telemetry
	 */
	public static GenAiTelemetry noop() {
		return new GenAiTelemetry(ObservationRegistry.NOOP, null, false);
	}

	/**
	 * Starts observing a model call.
	 * @param request what the call asks for
	 * @return the call, to be ended by the caller
	 */
	public GenAiCall start(GenAiRequest request) {
		GenAiClientObservationContext context = new GenAiClientObservationContext(request);
		Observation observation = GenAiObservationDocumentation.CLIENT_OPERATION
			.observation(this.customConvention, DefaultGenAiClientObservationConvention.INSTANCE, () -> context,
					this.registry)
			.start();
		return new GenAiCall(observation, context, this.captureContent);
	}

	/** Whether prompt and completion text is recorded. */
	public boolean isCaptureContent() {
		return this.captureContent;
	}

}
