package io.llmplatform.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmplatform.gateway.problem.UnknownTeamException;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Ends a predict request that no team route took, with the error that says why: the team
 * exists but the method is not {@code POST} (405, {@code Allow: POST}), or the team is not
 * configured (404 unknown team). The problem details are written by the exception handler.
 * <p>
 * Used by the lowest-precedence route {@code /api/{team}/predict}; in YAML:
 * {@code RejectUnroutedPredict=quant,finetune,eval}.
 */
public class RejectUnroutedPredictGatewayFilterFactory
		extends AbstractGatewayFilterFactory<RejectUnroutedPredictGatewayFilterFactory.Config> {

	/** Key of the configured teams in the shortcut form. */
	public static final String TEAMS_KEY = "teams";

	/** Name of the path variable holding the team. */
	public static final String TEAM_VARIABLE = "team";

	public RejectUnroutedPredictGatewayFilterFactory() {
		super(Config.class);
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of(TEAMS_KEY);
	}

	@Override
	public ShortcutType shortcutType() {
		return ShortcutType.GATHER_LIST;
	}

	@Override
	public GatewayFilter apply(Config config) {
		Set<String> teams = Set.copyOf(config.getTeams());
		return new GatewayFilter() {

			@Override
			public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
				Map<String, String> variables = ServerWebExchangeUtils.getUriTemplateVariables(exchange);
				if (teams.contains(variables.get(TEAM_VARIABLE))) {
					return Mono.error(new MethodNotAllowedException(exchange.getRequest().getMethod(),
							Set.of(HttpMethod.POST)));
				}
				return Mono.error(new UnknownTeamException());
			}

			@Override
			public String toString() {
				return filterToStringCreator(RejectUnroutedPredictGatewayFilterFactory.this)
					.append(TEAMS_KEY, config.getTeams())
					.toString();
			}

		};
	}

	/** The teams that have a route. */
	public static class Config {

		private List<String> teams = new ArrayList<>();

		public List<String> getTeams() {
			return this.teams;
		}

		public Config setTeams(List<String> teams) {
			this.teams = teams;
			return this;
		}

	}

}
