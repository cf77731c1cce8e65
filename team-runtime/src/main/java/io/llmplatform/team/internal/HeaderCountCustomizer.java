package io.llmplatform.team.internal;

import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Sets how many header fields Tomcat takes in a request ({@code platform.team.max-header-count}),
 * which Spring Boot has no property for. Internal: not a stable API.
 */
public final class HeaderCountCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	private final int maxHeaderCount;

	public HeaderCountCustomizer(int maxHeaderCount) {
		this.maxHeaderCount = maxHeaderCount;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addConnectorCustomizers((connector) -> {
			if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
				http.setMaxHeaderCount(this.maxHeaderCount);
			}
		});
	}

}
