package io.llmplatform.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The teams the gateway routes to. Adding a team is configuration only: a new entry under
 * {@code platform.gateway.teams} becomes the route {@code POST /api/<team>/predict}.
 */
@ConfigurationProperties("platform.gateway")
public class PlatformGatewayProperties {

	/** What a team name may look like: it is a path segment and a metric label value. */
	public static final Pattern TEAM_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	/**
	 * Team services by team name (the {@code {team}} of {@code /api/{team}/predict}); lower-case
	 * letters, digits and dashes.
	 */
	private Map<String, Team> teams = new LinkedHashMap<>();

	public Map<String, Team> getTeams() {
		return this.teams;
	}

	public void setTeams(Map<String, Team> teams) {
		this.teams = teams;
	}

	/**
	 * Whether a team of this name is configured.
	 * @param name a candidate team name, e.g. a path segment
	 * @return whether requests for it are routed
	 */
	public boolean isKnownTeam(@Nullable String name) {
		return name != null && this.teams.containsKey(name);
	}

	/** One team service. */
	public static class Team {

		/** Base URL of the team service; requests go to its {@code /predict}. */
		private @Nullable URI url;

		/** How long to wait for the team service's response (headers) before answering 504. */
		private Duration responseTimeout = Duration.ofSeconds(30);

		/** How long to wait for a connection to the team service before answering 504. */
		private Duration connectTimeout = Duration.ofSeconds(2);

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public Duration getResponseTimeout() {
			return this.responseTimeout;
		}

		public void setResponseTimeout(Duration responseTimeout) {
			this.responseTimeout = responseTimeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

	}

}
