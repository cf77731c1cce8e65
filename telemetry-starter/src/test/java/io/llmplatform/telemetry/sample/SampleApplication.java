package io.llmplatform.telemetry.sample;

import java.util.List;
import java.util.Map;

import io.llmplatform.genai.GenAiCall;
import io.llmplatform.genai.GenAiMessage;
import io.llmplatform.genai.GenAiRequest;
import io.llmplatform.genai.GenAiTelemetry;
import io.micrometer.observation.Observation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A plain Spring Boot service whose only telemetry is the starter on its class path: what
 * a service author writes. Used by the tests, and runnable on its own
 * ({@code ./mvnw -pl telemetry-starter spring-boot:test-run}).
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@RestController
	static class SampleController {

		private static final Logger logger = LoggerFactory.getLogger(SampleController.class);

		private final RestClient.Builder restClientBuilder;

		private final ApplicationContext context;

		private final GenAiTelemetry genAi;

		SampleController(RestClient.Builder restClientBuilder, ApplicationContext context, GenAiTelemetry genAi) {
			this.restClientBuilder = restClientBuilder;
			this.context = context;
			this.genAi = genAi;
		}

		@GetMapping("/hello")
		Map<String, Object> hello() {
			logger.info("Saying hello");
			int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
			@SuppressWarnings("unchecked")
			Map<String, Object> downstream = this.restClientBuilder.build()
				.get()
				.uri("http://127.0.0.1:" + port + "/downstream")
				.retrieve()
				.body(Map.class);
			return Map.of("greeting", "hello", "downstream", downstream);
		}

		@GetMapping("/downstream")
		Map<String, String> downstream(@RequestHeader(name = "traceparent", required = false) String traceparent,
				@RequestHeader(name = "baggage", required = false) String baggage) {
			return Map.of("traceparent", String.valueOf(traceparent), "baggage", String.valueOf(baggage));
		}

		@PostMapping("/genai")
		Map<String, Object> genai(@RequestBody Map<String, String> body) {
			String prompt = body.getOrDefault("prompt", "");
			GenAiRequest request = GenAiRequest.chat(GenAiRequest.PROVIDER_VLLM, "llm-baseline")
				.withMaxTokens(64)
				.withAttribute("model.version", "v1");
			try (GenAiCall call = this.genAi.start(request); Observation.Scope scope = call.openScope()) {
				call.inputMessages(() -> List.of(GenAiMessage.user(prompt)));
				call.firstChunk();
				logger.info("Model answered");
				call.usage(prompt.split("\\s+").length, 3)
					.finishReasons(List.of("stop"))
					.outputMessages(() -> List.of(GenAiMessage.answer("an answer", "stop")));
			}
			return Map.of("answer", "an answer");
		}

	}

}
