package io.llmplatform.team.internal;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The team runtime's defaults for Spring Boot's own properties, added as the last property
 * source so that anything a team or its deployment sets wins. Internal: not a stable API.
 */
public class TeamRuntimeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the defaults. */
	public static final String DEFAULTS_SOURCE = "teamRuntimeDefaults";

	/**
	 * A team service takes what the gateway forwards: up to its limits on the caller's header fields
	 * (8 KiB) and target (2048 characters) plus the headers it adds, a head of about 10.5 KiB. Tomcat's
	 * default of 8 KiB, which counts the request line too, refused heads the gateway had accepted.
	 */
	static final Map<String, Object> DEFAULTS = Map.of("server.max-http-request-header-size", "16KB");

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS_SOURCE, DEFAULTS));
	}

}
