package io.llmplatform.vllm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code platform.telemetry.gen-ai.capture-content=true}, and only then, prompt and
 * completion travel on the GenAI span (the counterpart of
 * {@link VllmClientIntegrationTests#promptAndCompletionTextNeverLeaveTheProcess}).
 */
class VllmClientContentCaptureTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static OtlpReceiver receiver;

	private static ConfigurableApplicationContext app;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() {
		SimulatorFixture simulator = SimulatorFixture.shared();
		simulator.clearFaults();
		receiver = resources.add(OtlpReceiver.start());
		app = resources.add(new SpringApplicationBuilder(ClientTestApplication.class).web(WebApplicationType.NONE)
			.run("--spring.application.name=vllm-client-capture-test", "--platform.telemetry.logging.json=false",
					"--platform.telemetry.otlp.endpoint=" + receiver.endpoint(),
					"--platform.telemetry.gen-ai.capture-content=true",
					"--otel.bsp.schedule.delay=100",
					"--vllm.client.base-url=" + simulator.baseUrl()));
	}

	@Test
	void promptAndCompletionAreRecordedWhenCaptureIsOn() {
		String secret = "CAPTURED-PROMPT-" + UUID.randomUUID();
		ChatCompletion completion = app.getBean(VllmClient.class)
			.chatStream(ChatRequest.of(ChatMessage.system("Be brief."), ChatMessage.user(secret)), (delta) -> {
			});
		assertThat(receiver.await(WAIT, receiver::spans,
				(spans) -> spans.stream().anyMatch((span) -> span.span().getName().equals("chat llm-baseline"))))
			.isTrue();
		ReceivedSpan span = receiver.spans()
			.stream()
			.filter((candidate) -> candidate.span().getName().equals("chat llm-baseline"))
			.findFirst()
			.orElseThrow();
		assertThat(span.attribute("gen_ai.input.messages"))
			.isEqualTo("[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
					+ "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + secret + "\"}]}]");
		assertThat(span.attribute("gen_ai.output.messages")).startsWith("[{\"role\":\"assistant\",\"parts\":[")
			.contains(completion.content().replace("\"", "\\\""))
			.endsWith("\"finish_reason\":\"stop\"}]");
		assertThat(new String(receiver.rawBytes(), StandardCharsets.ISO_8859_1)).contains(secret);
	}

}
