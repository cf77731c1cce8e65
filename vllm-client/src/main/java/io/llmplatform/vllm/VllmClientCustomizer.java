package io.llmplatform.vllm;

import org.springframework.web.client.RestClient;

/**
 * Customizes the {@link RestClient.Builder} of the auto-configured {@link VllmClient}, after the
 * {@code vllm.client.*} properties (base URL, API key, timeouts) have been applied: add
 * headers, interceptors, a request factory of your own. Declare it as a bean; ordered by
 * {@link org.springframework.core.Ordered} or {@code @Order}.
 */
@FunctionalInterface
public interface VllmClientCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder the client's {@link RestClient} is built from
	 */
	void customize(RestClient.Builder builder);

}
