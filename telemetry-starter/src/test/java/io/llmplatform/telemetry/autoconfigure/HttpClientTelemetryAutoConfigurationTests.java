package io.llmplatform.telemetry.autoconfigure;

import java.net.URI;

import io.llmplatform.telemetry.web.OpenTelemetryClientRequestObservationConvention;
import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class HttpClientTelemetryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpClientTelemetryAutoConfiguration.class));

	@Test
	void providesTheOpenTelemetryClientConventionUnlessTheUserHasOne() {
		this.contextRunner
			.run((context) -> assertThat(context).hasSingleBean(OpenTelemetryClientRequestObservationConvention.class));
		this.contextRunner.withBean(DefaultClientRequestObservationConvention.class)
			.run((context) -> assertThat(context).doesNotHaveBean(OpenTelemetryClientRequestObservationConvention.class));
	}

	@Test
	void namesAndKeysFollowTheHttpClientConventions() {
		OpenTelemetryClientRequestObservationConvention convention = new OpenTelemetryClientRequestObservationConvention();
		ClientRequestObservationContext context = new ClientRequestObservationContext(
				new MockClientHttpRequest(HttpMethod.POST, URI.create("http://127.0.0.1:8200/v1/chat/completions")));
		context.setResponse(new MockClientHttpResponse(new byte[0], HttpStatus.SERVICE_UNAVAILABLE));
		assertThat(convention.getName()).isEqualTo("http.client.request.duration");
		assertThat(convention.getContextualName(context)).isEqualTo("POST");
		assertThat(convention.getLowCardinalityKeyValues(context)).containsExactlyInAnyOrder(
				KeyValue.of("http.request.method", "POST"), KeyValue.of("server.address", "127.0.0.1"),
				KeyValue.of("server.port", "8200"), KeyValue.of("http.response.status_code", "503"),
				KeyValue.of("error.type", "503"));
		assertThat(convention.getHighCardinalityKeyValues(context))
			.containsExactly(KeyValue.of("url.full", "http://127.0.0.1:8200/v1/chat/completions"));
	}

	@Test
	void aCallWithoutAnswerHasTheExceptionAsErrorTypeAndTheDefaultPort() {
		OpenTelemetryClientRequestObservationConvention convention = new OpenTelemetryClientRequestObservationConvention();
		ClientRequestObservationContext context = new ClientRequestObservationContext(
				new MockClientHttpRequest(HttpMethod.GET, URI.create("https://models.example/health")));
		context.setError(new java.net.ConnectException("refused"));
		assertThat(convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("server.port", "443"),
				KeyValue.of("http.response.status_code", "UNKNOWN"),
				KeyValue.of("error.type", "java.net.ConnectException"));
	}

}
