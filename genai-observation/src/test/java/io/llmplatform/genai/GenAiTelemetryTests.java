package io.llmplatform.genai;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a declared model call becomes: the observation's name, span name, kind and key-values
 * as the tracing and meter handlers receive them, and the captured content in the GenAI
 * message shape only when capture is on.
 */
class GenAiTelemetryTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<GenAiClientObservationContext> stopped = new ArrayList<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	GenAiTelemetryTests() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<GenAiClientObservationContext>() {

			@Override
			public void onStop(GenAiClientObservationContext context) {
				GenAiTelemetryTests.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof GenAiClientObservationContext;
			}

		});
	}

	@Test
	void aCallIsAClientObservationNamedByTheSemanticConventions() {
		GenAiTelemetry genAi = new GenAiTelemetry(this.registry, null, false);
		try (GenAiCall call = genAi.start(GenAiRequest.chat(GenAiRequest.PROVIDER_VLLM, "llm-baseline")
			.withMaxTokens(64)
			.withTemperature(0.5)
			.withAttribute("server.port", "8200"))) {
			call.usage(12, 5).finishReasons(List.of("stop", "length")).responseModel("llm-baseline-v2");
		}
		GenAiClientObservationContext context = single();
		assertThat(context.getName()).isEqualTo("gen_ai.client.operation.duration");
		assertThat(context.getContextualName()).isEqualTo("chat llm-baseline");
		assertThat(context.getKind()).isEqualTo(Kind.CLIENT);
		assertThat(keys(context.getLowCardinalityKeyValues())).containsExactly("gen_ai.operation.name=chat",
				"gen_ai.provider.name=vllm", "gen_ai.request.model=llm-baseline");
		assertThat(keys(context.getHighCardinalityKeyValues())).containsExactlyInAnyOrder(
				"gen_ai.usage.input_tokens=12", "gen_ai.usage.output_tokens=5",
				"gen_ai.response.finish_reasons=stop,length", "gen_ai.response.model=llm-baseline-v2",
				"gen_ai.request.max_tokens=64", "gen_ai.request.temperature=0.5", "server.port=8200");
	}

	@Test
	void aFailureAddsItsErrorTypeAsALabel() {
		GenAiTelemetry genAi = new GenAiTelemetry(this.registry, null, false);
		genAi.start(GenAiRequest.chat(GenAiRequest.PROVIDER_AWS_SAGEMAKER, "judge"))
			.error(ErrorType.TIMEOUT.value(), new IllegalStateException("no answer"))
			.end();
		GenAiClientObservationContext context = single();
		assertThat(keys(context.getLowCardinalityKeyValues())).contains("error.type=timeout");
		assertThat(context.getError()).hasMessage("no answer");
	}

	@Test
	void withoutCaptureNoContentIsReadOrRecorded() {
		GenAiTelemetry genAi = new GenAiTelemetry(this.registry, null, false);
		try (GenAiCall call = genAi.start(GenAiRequest.chat(GenAiRequest.PROVIDER_VLLM, "m"))) {
			call.inputMessages(() -> {
				throw new AssertionError("the prompt must not even be read");
			}).outputMessages(() -> {
				throw new AssertionError("the answer must not even be read");
			});
		}
		assertThat(keys(single().getHighCardinalityKeyValues()))
			.noneMatch((key) -> key.startsWith("gen_ai.input.messages") || key.startsWith("gen_ai.output.messages"));
	}

	@Test
	void withCaptureContentIsInTheGenAiMessageShape() {
		GenAiTelemetry genAi = new GenAiTelemetry(this.registry, null, true);
		String tricky = "say \"hi\"\n\tand \\ back\u0001 — grüße";
		try (GenAiCall call = genAi.start(GenAiRequest.chat(GenAiRequest.PROVIDER_VLLM, "m"))) {
			call.inputMessages(() -> List.of(GenAiMessage.of("system", "Be brief."), GenAiMessage.user(tricky)))
				.outputMessages(() -> List.of(GenAiMessage.answer("hi", "stop")));
		}
		GenAiClientObservationContext context = single();
		JsonNode input = JSON.readTree(context.getHighCardinalityKeyValue("gen_ai.input.messages").getValue());
		assertThat(input.size()).isEqualTo(2);
		assertThat(input.get(0).get("role").stringValue()).isEqualTo("system");
		assertThat(input.get(0).get("parts").get(0).get("type").stringValue()).isEqualTo("text");
		assertThat(input.get(0).get("parts").get(0).get("content").stringValue()).isEqualTo("Be brief.");
		assertThat(input.get(1).get("role").stringValue()).isEqualTo("user");
		assertThat(input.get(1).get("parts").get(0).get("content").stringValue()).isEqualTo(tricky);
		assertThat(input.get(1).has("finish_reason")).isFalse();
		assertThat(context.getHighCardinalityKeyValue("gen_ai.output.messages").getValue())
			.isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}],\"finish_reason\":\"stop\"}]");
	}

	@Test
	void aCustomConventionRenamesTheCall() {
		GenAiClientObservationConvention custom = new DefaultGenAiClientObservationConvention() {

			@Override
			public String getContextualName(GenAiClientObservationContext context) {
				return "model call";
			}

		};
		new GenAiTelemetry(this.registry, custom, false).start(GenAiRequest.chat("vllm", "m")).end();
		assertThat(single().getContextualName()).isEqualTo("model call");
	}

	@Test
	void noopTelemetryRecordsNothing() {
		GenAiTelemetry genAi = GenAiTelemetry.noop();
		try (GenAiCall call = genAi.start(GenAiRequest.chat("vllm", "m"))) {
			call.usage(1, 1);
		}
		assertThat(genAi.isCaptureContent()).isFalse();
		assertThat(this.stopped).isEmpty();
	}

	private GenAiClientObservationContext single() {
		assertThat(this.stopped).hasSize(1);
		return this.stopped.get(0);
	}

	private static List<String> keys(Iterable<KeyValue> keyValues) {
		List<String> keys = new ArrayList<>();
		keyValues.forEach((keyValue) -> keys.add(keyValue.getKey() + "=" + keyValue.getValue()));
		return keys;
	}

}
