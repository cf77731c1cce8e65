package io.llmplatform.gateway.resilience;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The deadline, bulkhead and circuit breaker of each team route. Every team gets the defaults
 * given here; {@code platform.gateway.resilience.teams.<team>.*} overrides them for one team.
 */
@ConfigurationProperties("platform.gateway.resilience")
public class GatewayResilienceProperties {

	/**
	 * How long the gateway waits for a team's answer, from the request's arrival: the request's
	 * deadline. The team is told what is left of it (less the forward margin) and answers within it;
	 * at the deadline the gateway answers 504 upstream-timeout itself. Keep it below the route's
	 * response-timeout.
	 */
	private Duration deadline = Duration.ofSeconds(20);

	/**
	 * Taken off the deadline passed to the team, for the answer's way back: the team's own timeout
	 * ends strictly inside the gateway's.
	 */
	private Duration forwardMargin = Duration.ofMillis(150);

	/**
	 * Requests of one team in flight at once; beyond it the gateway answers 503 upstream-busy at
	 * once (per gateway instance).
	 */
	private int maxConcurrentRequests = 64;

	/** The breaker of every team route. */
	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	/** Per team name: settings that differ from the defaults above. */
	private Map<String, Team> teams = new LinkedHashMap<>();

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	public Duration getForwardMargin() {
		return this.forwardMargin;
	}

	public void setForwardMargin(Duration forwardMargin) {
		this.forwardMargin = forwardMargin;
	}

	public int getMaxConcurrentRequests() {
		return this.maxConcurrentRequests;
	}

	public void setMaxConcurrentRequests(int maxConcurrentRequests) {
		this.maxConcurrentRequests = maxConcurrentRequests;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public Map<String, Team> getTeams() {
		return this.teams;
	}

	public void setTeams(Map<String, Team> teams) {
		this.teams = teams;
	}

	/**
	 * The deadline of a team's requests.
	 * @param team the team name
	 * @return its own, else the default
	 */
	public Duration deadlineOf(String team) {
		Team settings = this.teams.get(team);
		return (settings != null && settings.getDeadline() != null) ? settings.getDeadline() : this.deadline;
	}

	/**
	 * The bulkhead size of a team.
	 * @param team the team name
	 * @return its own, else the default
	 */
	public int maxConcurrentRequestsOf(String team) {
		Team settings = this.teams.get(team);
		return (settings != null && settings.getMaxConcurrentRequests() != null) ? settings.getMaxConcurrentRequests()
				: this.maxConcurrentRequests;
	}

	/** One team's own settings. */
	public static class Team {

		/** The team's request deadline; the default deadline when unset. */
		private @Nullable Duration deadline;

		/** The team's bulkhead size; the default when unset. */
		private @Nullable Integer maxConcurrentRequests;

		public @Nullable Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(@Nullable Duration deadline) {
			this.deadline = deadline;
		}

		public @Nullable Integer getMaxConcurrentRequests() {
			return this.maxConcurrentRequests;
		}

		public void setMaxConcurrentRequests(@Nullable Integer maxConcurrentRequests) {
			this.maxConcurrentRequests = maxConcurrentRequests;
		}

	}

	/**
	 * A count-based breaker per team route. It counts what says the team service itself is not
	 * serving: refused or broken connections, no answer by the deadline, and 500 or 503 answers that
	 * are not a model's problem. A model's failure (the team's 502/504 model problems, guarded by
	 * the team's own breakers) and every 4xx count as successes of the team.
	 */
	public static class CircuitBreaker {

		/** Calls the failure rate is computed over (the last N). */
		private int slidingWindowSize = 10;

		/** Calls needed in the window before the rate is computed. */
		private int minimumNumberOfCalls = 5;

		/** Percentage of failed calls from which the breaker opens. */
		private float failureRateThreshold = 50;

		/** How long the breaker stays open before trial requests go through (half-open), on its own. */
		private Duration waitDurationInOpenState = Duration.ofSeconds(5);

		/** Trial requests let through at once in half-open, sized for concurrent traffic. */
		private int permittedNumberOfCallsInHalfOpenState = 10;

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public int getPermittedNumberOfCallsInHalfOpenState() {
			return this.permittedNumberOfCallsInHalfOpenState;
		}

		public void setPermittedNumberOfCallsInHalfOpenState(int permittedNumberOfCallsInHalfOpenState) {
			this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
		}

	}

}
