package io.llmplatform.vllm.autoconfigure;

import java.net.http.HttpClient;

import io.llmplatform.genai.GenAiTelemetry;
import io.llmplatform.vllm.VllmClient;
import io.llmplatform.vllm.VllmClientCustomizer;
import io.llmplatform.vllm.VllmClientProperties;
import io.llmplatform.vllm.internal.PerCallTimeoutRequestFactory;
import io.llmplatform.vllm.internal.RestClientVllmClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.JdkHttpClientBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * A {@link VllmClient} configured by {@code vllm.client.*}, built from Boot's
 * {@link RestClient.Builder} (so that Boot's HTTP client observation adds the HTTP CLIENT span
 * and the {@code traceparent} header), over the JDK's {@link HttpClient} with the configured
 * timeouts. With a {@link GenAiTelemetry} bean (telemetry-starter's), every call is also a GenAI
 * span with the {@code gen_ai.client.*} metrics; without it the client works the same, untraced.
 */
@AutoConfiguration(after = RestClientAutoConfiguration.class,
		afterName = "io.llmplatform.telemetry.autoconfigure.GenAiTelemetryAutoConfiguration")
@ConditionalOnClass({ RestClient.class, ClientHttpRequestFactoryBuilder.class })
@EnableConfigurationProperties(VllmClientProperties.class)
public final class VllmClientAutoConfiguration {

	VllmClientAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	VllmClient vllmClient(VllmClientProperties properties, ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<VllmClientCustomizer> customizers,
			ObjectProvider<GenAiTelemetry> genAiTelemetry) {
		// Boot's builder is a prototype: this one is ours alone. Without Boot's (reactive apps) a plain one.
		RestClient.Builder builder = restClientBuilder.getIfUnique(RestClient::builder);
		// Boot's shared settings (SSL bundle, redirects) with our timeouts. The JDK client is always
		// there; HTTP/1.1 because vLLM's server (uvicorn) speaks nothing else, so an h2c upgrade is moot.
		HttpClientSettings settings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults)
			.withTimeouts(properties.getConnectTimeout(), null);
		// One JDK client; each request gets its call's read timeout (what is left of the caller's deadline).
		HttpClient httpClient = new JdkHttpClientBuilder()
			.withCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1))
			.build(settings);
		builder.requestFactory(new PerCallTimeoutRequestFactory(httpClient, properties.getReadTimeout()));
		String baseUrl = baseUrl(properties.getBaseUrl());
		builder.baseUrl(baseUrl);
		if (StringUtils.hasText(properties.getApiKey())) {
			builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.getApiKey());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return new RestClientVllmClient(builder.build(), properties.getModel(), properties.getReadTimeout(),
				genAiTelemetry.getIfAvailable(GenAiTelemetry::noop), baseUrl);
	}

	/** The server root: OpenAI clients are often configured with ".../v1", which the paths already carry. */
	static String baseUrl(String configured) {
		String url = configured.strip();
		while (url.endsWith("/")) {
			url = url.substring(0, url.length() - 1);
		}
		if (url.endsWith("/v1")) {
			url = url.substring(0, url.length() - "/v1".length());
		}
		return url;
	}

}
