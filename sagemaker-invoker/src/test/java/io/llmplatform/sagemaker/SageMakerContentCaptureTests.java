package io.llmplatform.sagemaker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code platform.telemetry.gen-ai.capture-content=true}, and only then, prompts and
 * completions are recorded on the GenAI span (the counterpart of the integration tests' check
 * that nothing leaves without it).
 */
class SageMakerContentCaptureTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static TestSimulator simulator;

	private static OtlpReceiver receiver;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static ConfigurableApplicationContext app;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() {
		simulator = resources.add(TestSimulator.start());
		receiver = resources.add(OtlpReceiver.start());
		app = resources.add(InvokerTestApplication.start(simulator, receiver, "--platform.telemetry.gen-ai.capture-content=true"));
	}

	@Test
	void chatPromptAndCompletionAreOnTheSpan() {
		String secret = "CAPTURED-PROMPT-" + UUID.randomUUID();
		SageMakerChatCompletion completion = app.getBean(SageMakerInvoker.class)
			.chat("quant-endpoint", List.of(SageMakerMessage.user(secret)), 16, null);

		assertThat(receiver.await(WAIT, receiver::spans, (spans) -> spans.stream()
			.anyMatch((span) -> span.attribute("gen_ai.input.messages") != null
					&& span.attribute("gen_ai.input.messages").contains(secret))))
			.isTrue();
		ReceivedSpan span = receiver.spans()
			.stream()
			.filter((candidate) -> candidate.attribute("gen_ai.input.messages") != null
					&& candidate.attribute("gen_ai.input.messages").contains(secret))
			.findFirst()
			.orElseThrow();
		// The OpenTelemetry GenAI message shape: role and text parts; the answer with its finish reason.
		assertThat(span.attribute("gen_ai.input.messages"))
			.isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + secret + "\"}]}]");
		JsonNode output = JSON.readTree(span.attribute("gen_ai.output.messages"));
		assertThat(output.size()).isEqualTo(1);
		assertThat(output.get(0).get("role").stringValue()).isEqualTo("assistant");
		assertThat(output.get(0).get("parts").get(0).get("type").stringValue()).isEqualTo("text");
		assertThat(output.get(0).get("parts").get(0).get("content").stringValue()).isEqualTo(completion.content());
		assertThat(output.get(0).get("finish_reason").stringValue()).isEqualTo(completion.finishReason());
		assertThat(new String(receiver.rawBytes(), StandardCharsets.UTF_8)).contains(secret);
	}

	@Test
	void rawInvokeTextBodiesAreOnTheSpan() {
		String secret = "CAPTURED-RAW-" + UUID.randomUUID();
		String body = "{\"inputs\": \"" + secret + "\"}";
		SageMakerInvocation invocation = app.getBean(SageMakerInvoker.class)
			.invoke(SageMakerRequest.json("judge-endpoint", body));

		assertThat(receiver.await(WAIT, receiver::spans, (spans) -> spans.stream()
			.anyMatch((span) -> span.attribute("gen_ai.input.messages") != null
					&& span.attribute("gen_ai.input.messages").contains(secret))))
			.isTrue();
		ReceivedSpan span = receiver.spans()
			.stream()
			.filter((candidate) -> candidate.attribute("gen_ai.input.messages") != null
					&& candidate.attribute("gen_ai.input.messages").contains(secret))
			.findFirst()
			.orElseThrow();
		// A raw body is one text part of one message each way; it says nothing of a finish reason.
		JsonNode input = JSON.readTree(span.attribute("gen_ai.input.messages"));
		assertThat(input.get(0).get("role").stringValue()).isEqualTo("user");
		assertThat(input.get(0).get("parts").get(0).get("content").stringValue()).isEqualTo(body);
		JsonNode output = JSON.readTree(span.attribute("gen_ai.output.messages"));
		assertThat(output.get(0).get("role").stringValue()).isEqualTo("assistant");
		assertThat(output.get(0).get("parts").get(0).get("content").stringValue())
			.isEqualTo(invocation.bodyAsString());
		assertThat(output.get(0).has("finish_reason")).isFalse();
	}

}
