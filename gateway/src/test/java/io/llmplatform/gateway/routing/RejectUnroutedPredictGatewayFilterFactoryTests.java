package io.llmplatform.gateway.routing;

import java.util.List;
import java.util.Map;

import io.llmplatform.gateway.problem.UnknownTeamException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RejectUnroutedPredictGatewayFilterFactoryTests {

	private final RejectUnroutedPredictGatewayFilterFactory factory = new RejectUnroutedPredictGatewayFilterFactory();

	private final GatewayFilter filter = this.factory
		.apply(new RejectUnroutedPredictGatewayFilterFactory.Config().setTeams(List.of("quant", "eval")));

	@Test
	void configuredTeamWithAnotherMethodIsMethodNotAllowedWithPostSupported() {
		assertThatThrownBy(() -> reject(HttpMethod.GET, "quant")).isInstanceOfSatisfying(MethodNotAllowedException.class,
				(ex) -> {
					assertThat(ex.getSupportedMethods()).containsExactly(HttpMethod.POST);
					assertThat(ex.getHeaders().getAllow()).containsExactly(HttpMethod.POST);
				});
	}

	@Test
	void teamThatIsNotConfiguredIsUnknownWhateverTheMethod() {
		assertThatThrownBy(() -> reject(HttpMethod.POST, "nosuch")).isInstanceOf(UnknownTeamException.class);
		assertThatThrownBy(() -> reject(HttpMethod.GET, "nosuch")).isInstanceOf(UnknownTeamException.class);
	}

	@Test
	void neverPassesTheExchangeOn() {
		MockServerWebExchange exchange = exchange(HttpMethod.GET, "quant");
		Mono<Void> result = this.filter.filter(exchange, (passed) -> {
			throw new AssertionError("passed on");
		});
		assertThatThrownBy(result::block).isInstanceOf(MethodNotAllowedException.class);
	}

	@Test
	void shortcutTakesTheTeamsAsAListAndToStringNamesThem() {
		assertThat(this.factory.shortcutFieldOrder()).containsExactly(RejectUnroutedPredictGatewayFilterFactory.TEAMS_KEY);
		assertThat(this.factory.shortcutType())
			.isEqualTo(org.springframework.cloud.gateway.support.ShortcutConfigurable.ShortcutType.GATHER_LIST);
		assertThat(this.factory.name()).isEqualTo("RejectUnroutedPredict");
		assertThat(this.filter.toString()).contains("RejectUnroutedPredict").contains("quant").contains("eval");
	}

	private void reject(HttpMethod method, String team) {
		this.filter.filter(exchange(method, team), (exchange) -> Mono.empty()).block();
	}

	private static MockServerWebExchange exchange(HttpMethod method, String team) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.method(method, "/api/" + team + "/predict"));
		ServerWebExchangeUtils.putUriTemplateVariables(exchange, Map.of("team", team));
		return exchange;
	}

}
