package io.llmplatform.vllm.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.llmplatform.telemetry.autoconfigure.GenAiTelemetryAutoConfiguration;
import io.llmplatform.genai.GenAiClientObservationContext;
import io.llmplatform.genai.GenAiTelemetry;
import io.llmplatform.vllm.ChatCompletion;
import io.llmplatform.vllm.ChatMessage;
import io.llmplatform.vllm.ChatRequest;
import io.llmplatform.vllm.VllmClient;
import io.llmplatform.vllm.VllmClientCustomizer;
import io.llmplatform.vllm.VllmClientProperties;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class VllmClientAutoConfigurationTests {

	private static final String ANSWER = "{\"id\": \"chatcmpl-1\", \"model\": \"m\", \"choices\": [{\"index\": 0, "
			+ "\"message\": {\"role\": \"assistant\", \"content\": \"ok\"}, \"finish_reason\": \"stop\"}], "
			+ "\"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 1}}";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				VllmClientAutoConfiguration.class))
		.withUserConfiguration(RecordingConfiguration.class);

	@Test
	void propertiesHaveTheDocumentedDefaults() {
		this.contextRunner.run((context) -> {
			VllmClientProperties properties = context.getBean(VllmClientProperties.class);
			assertThat(properties.getBaseUrl()).isEqualTo("http://localhost:8200");
			assertThat(properties.getModel()).isEqualTo("llm-baseline");
			assertThat(properties.getApiKey()).isNull();
			assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(properties.getReadTimeout()).isEqualTo(Duration.ofSeconds(30));
			chat(context);
			HttpRequest sent = sent(context);
			assertThat(sent.getURI()).hasToString("http://localhost:8200/v1/chat/completions");
			assertThat(sent.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
			assertThat(body(context)).contains("\"model\":\"llm-baseline\"");
		});
	}

	@Test
	void propertiesBindAndConfigureTheClient() {
		this.contextRunner
			.withPropertyValues("vllm.client.base-url=http://vllm.example:8000/v1/", "vllm.client.model=my-model",
					"vllm.client.api-key=s3cret", "vllm.client.connect-timeout=500ms", "vllm.client.read-timeout=1m")
			.run((context) -> {
				VllmClientProperties properties = context.getBean(VllmClientProperties.class);
				assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofMillis(500));
				assertThat(properties.getReadTimeout()).isEqualTo(Duration.ofMinutes(1));
				chat(context);
				HttpRequest sent = sent(context);
				assertThat(sent.getURI()).hasToString("http://vllm.example:8000/v1/chat/completions");
				assertThat(sent.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer s3cret");
				assertThat(body(context)).contains("\"model\":\"my-model\"");
			});
	}

	@Test
	void aRequestsOwnModelWinsOverTheDefault() {
		this.contextRunner.run((context) -> {
			context.getBean(VllmClient.class).chat(ChatRequest.of(ChatMessage.user("hi")).withModel("other"));
			assertThat(body(context)).contains("\"model\":\"other\"");
		});
	}

	@Test
	void whenHasUserSuppliedClientBacksOff() {
		this.contextRunner.withUserConfiguration(UserClientConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(VllmClient.class).hasBean("myVllmClient"));
	}

	@Test
	void customizersRunInOrderAfterTheProperties() {
		this.contextRunner.withPropertyValues("vllm.client.api-key=from-properties")
			.withUserConfiguration(OrderedCustomizers.class)
			.run((context) -> {
				chat(context);
				assertThat(sent(context).getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer second");
			});
	}

	@Test
	void worksWithoutBootsRestClientBuilder() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VllmClientAutoConfiguration.class))
			.withUserConfiguration(RecordingConfiguration.class)
			.run((context) -> {
				assertThat(chat(context).content()).isEqualTo("ok");
				assertThat(sent(context).getURI()).hasToString("http://localhost:8200/v1/chat/completions");
			});
	}

	@Test
	void withGenAiTelemetryEveryCallIsAGenAiObservation() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(GenAiTelemetryAutoConfiguration.class))
			.withUserConfiguration(ObservationConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(GenAiTelemetry.class);
				chat(context);
				List<Observation.Context> observed = context.getBean(ObservationConfiguration.class).stopped;
				assertThat(observed).hasSize(1).first().satisfies((observation) -> {
					assertThat(observation).isInstanceOf(GenAiClientObservationContext.class);
					assertThat(observation.getContextualName()).isEqualTo("chat llm-baseline");
					GenAiClientObservationContext genAi = (GenAiClientObservationContext) observation;
					assertThat(genAi.getInputTokens()).isEqualTo(5);
					assertThat(genAi.getOutputTokens()).isEqualTo(1);
					assertThat(genAi.getFinishReasons()).containsExactly("stop");
					assertThat(genAi.getInputMessages()).as("capture is off").isNull();
				});
			});
	}

	@Test
	void withoutAnyTelemetryStarterClassTheClientWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.llmplatform.telemetry")).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(VllmClient.class);
			assertThat(chat(context).content()).isEqualTo("ok");
		});
	}

	@Test
	void withoutAGenAiTelemetryBeanTheClientWorksUntraced() {
		this.contextRunner.withUserConfiguration(ObservationConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(VllmClient.class).doesNotHaveBean(GenAiTelemetry.class);
			assertThat(chat(context).content()).isEqualTo("ok");
			assertThat(context.getBean(ObservationConfiguration.class).stopped).isEmpty();
		});
	}

	@Test
	void isListedAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(VllmClientAutoConfiguration.class.getName());
	}

	@Test
	void baseUrlAcceptsTheOpenAiStyleSuffix() {
		assertThat(VllmClientAutoConfiguration.baseUrl("http://h:8000")).isEqualTo("http://h:8000");
		assertThat(VllmClientAutoConfiguration.baseUrl("http://h:8000/")).isEqualTo("http://h:8000");
		assertThat(VllmClientAutoConfiguration.baseUrl(" http://h:8000/v1/ ")).isEqualTo("http://h:8000");
		assertThat(VllmClientAutoConfiguration.baseUrl("http://h/proxy/v1")).isEqualTo("http://h/proxy");
	}

	private static ChatCompletion chat(AssertableApplicationContext context) {
		return context.getBean(VllmClient.class).chat(ChatRequest.of(ChatMessage.user("hello")));
	}

	private static HttpRequest sent(AssertableApplicationContext context) {
		List<HttpRequest> requests = context.getBean(RecordingConfiguration.class).requests;
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private static String body(AssertableApplicationContext context) {
		return new String(context.getBean(RecordingConfiguration.class).bodies.get(0), StandardCharsets.UTF_8);
	}

	/** Answers every request itself, without a network, and keeps what was sent. */
	@Configuration(proxyBeanMethods = false)
	static class RecordingConfiguration {

		final List<HttpRequest> requests = new ArrayList<>();

		final List<byte[]> bodies = new ArrayList<>();

		@Bean
		@Order(0)
		VllmClientCustomizer recordingCustomizer() {
			return (builder) -> builder.requestInterceptor((request, body, execution) -> {
				this.requests.add(request);
				this.bodies.add(body);
				MockClientHttpResponse response = new MockClientHttpResponse(ANSWER.getBytes(StandardCharsets.UTF_8),
						HttpStatus.OK);
				response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
				return response;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean
		VllmClient myVllmClient() {
			return mock(VllmClient.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedCustomizers {

		@Bean
		@Order(2)
		VllmClientCustomizer secondCustomizer() {
			return (builder) -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer second");
		}

		@Bean
		@Order(1)
		VllmClientCustomizer firstCustomizer() {
			return (builder) -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer first");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ObservationConfiguration {

		final List<Observation.Context> stopped = new ArrayList<>();

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public void onStop(Observation.Context context) {
					ObservationConfiguration.this.stopped.add(context);
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof GenAiClientObservationContext;
				}

			});
			return registry;
		}

	}

}
