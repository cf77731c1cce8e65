package io.llmplatform.team.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class TeamRuntimeEnvironmentPostProcessorTests {

	private final TeamRuntimeEnvironmentPostProcessor postProcessor = new TeamRuntimeEnvironmentPostProcessor();

	@Test
	void tomcatTakesTheHeadsTheGatewayForwards() {
		StandardEnvironment environment = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(environment, null);
		assertThat(environment.getProperty("server.max-http-request-header-size")).isEqualTo("16KB");
	}

	@Test
	void whatTheServiceSetsWins() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("server.max-http-request-header-size", "32KB")));
		this.postProcessor.postProcessEnvironment(environment, null);
		assertThat(environment.getProperty("server.max-http-request-header-size")).isEqualTo("32KB");
	}

}
