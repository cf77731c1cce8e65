package io.llmplatform.telemetry.internal;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.resources.Resource;

/**
 * Keeps the resource the OpenTelemetry starter's SDK was built with (its providers, ours and
 * {@code OTEL_RESOURCE_ATTRIBUTES} merged), so that Spring Boot and Micrometer use the same
 * one. Runs after every other customizer. Internal: not a stable API.
 */
public class SdkResourceCapture implements AutoConfigurationCustomizerProvider {

	private volatile Resource resource = Resource.getDefault();

	@Override
	public void customize(AutoConfigurationCustomizer autoConfiguration) {
		autoConfiguration.addResourceCustomizer((resource, config) -> {
			this.resource = resource;
			return resource;
		});
	}

	@Override
	public int order() {
		return Integer.MAX_VALUE;
	}

	/**
	 * The SDK's resource; call it once the SDK is built.
	 * @return the resource
	 */
	public Resource resource() {
		return this.resource;
	}

}
