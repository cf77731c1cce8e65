package io.llmplatform.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

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

	/** Who may call: team and admin API keys, stored as SHA-256 hashes. */
	private final ApiKeys apiKeys = new ApiKeys();

	/** Hard limits on what one request and one client may hold of the gateway. */
	private final Limits limits = new Limits();

	/** Where the teams' request rates and token budgets are counted. */
	private final QuotaStore quota = new QuotaStore();

	/** What the gateway does with trace context and baggage that arrive from the public side. */
	private final InboundTraceContext traceContext = new InboundTraceContext();

	/** The admin API: teams' state and controlled failures. */
	private final Admin admin = new Admin();

	/**
	 * Secret the gateway sends to the team services in {@code X-Internal-Credential}, so that they
	 * accept requests from it only; a caller's own value of that header is always removed.
	 */
	private @Nullable String internalCredential;

	public ApiKeys getApiKeys() {
		return this.apiKeys;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public QuotaStore getQuota() {
		return this.quota;
	}

	public InboundTraceContext getTraceContext() {
		return this.traceContext;
	}

	public Admin getAdmin() {
		return this.admin;
	}

	public @Nullable String getInternalCredential() {
		return this.internalCredential;
	}

	public void setInternalCredential(@Nullable String internalCredential) {
		this.internalCredential = internalCredential;
	}

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

		/** The team's request rate and token budget. */
		private final TeamQuota quota = new TeamQuota();

		/**
		 * Simulator targets (endpoints or models) that the admin API's controlled model failures
		 * act on; {@code <team>-endpoint} when empty.
		 */
		private List<String> faultTargets = new ArrayList<>();

		public TeamQuota getQuota() {
			return this.quota;
		}

		public List<String> getFaultTargets() {
			return this.faultTargets;
		}

		public void setFaultTargets(List<String> faultTargets) {
			this.faultTargets = faultTargets;
		}

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

	/** A team's quotas; a limit of 0 switches that quota off. */
	public static class TeamQuota {

		/** Sustained requests per second the team may send. */
		private double requestsPerSecond = 20;

		/** Requests the team may send at once above the sustained rate. */
		private int burst = 40;

		/** Model tokens (input and output, from the team's {@code usage}) the team may spend per minute. */
		private long tokensPerMinute = 200_000;

		public double getRequestsPerSecond() {
			return this.requestsPerSecond;
		}

		public void setRequestsPerSecond(double requestsPerSecond) {
			this.requestsPerSecond = requestsPerSecond;
		}

		public int getBurst() {
			return this.burst;
		}

		public void setBurst(int burst) {
			this.burst = burst;
		}

		public long getTokensPerMinute() {
			return this.tokensPerMinute;
		}

		public void setTokensPerMinute(long tokensPerMinute) {
			this.tokensPerMinute = tokensPerMinute;
		}

	}

	/** API keys. Only SHA-256 hashes (lower-case hex) are configured; the keys themselves never are. */
	public static class ApiKeys {

		/**
		 * Hashes of each team's keys by team; several per team so that keys can rotate, e.g.
		 * {@code PLATFORM_GATEWAY_APIKEYS_TEAMS_QUANT=<hash>,<hash>}.
		 */
		private Map<String, List<String>> teams = new LinkedHashMap<>();

		/** Hashes of the admin API's keys; a team key never opens the admin API. */
		private List<String> admin = new ArrayList<>();

		/**
		 * A file of {@code <team-or-admin> <sha256-hex>} lines (e.g. a mounted Secret), re-read
		 * while the gateway runs; its keys are added to those above.
		 */
		private @Nullable Path file;

		/** How often the key file is checked for changes. */
		private Duration reloadInterval = Duration.ofSeconds(5);

		public Map<String, List<String>> getTeams() {
			return this.teams;
		}

		public void setTeams(Map<String, List<String>> teams) {
			this.teams = teams;
		}

		public List<String> getAdmin() {
			return this.admin;
		}

		public void setAdmin(List<String> admin) {
			this.admin = admin;
		}

		public @Nullable Path getFile() {
			return this.file;
		}

		public void setFile(@Nullable Path file) {
			this.file = file;
		}

		public Duration getReloadInterval() {
			return this.reloadInterval;
		}

		public void setReloadInterval(Duration reloadInterval) {
			this.reloadInterval = reloadInterval;
		}

	}

	/** Limits of the main port; each rejection is a problem with the correlation id. */
	public static class Limits {

		/** Largest request body; larger ones get 413 before anything is proxied. */
		private DataSize maxRequestBody = DataSize.ofMegabytes(1);

		/** How long the whole request body may take to arrive once its head is in; then 408. */
		private Duration bodyReadTimeout = Duration.ofSeconds(10);

		/**
		 * Most request-body bytes one team's requests hold in the gateway at once (Content-Length, or the largest
		 * body while a chunked one is read); beyond it 503. At least max-request-body, below 2 GB.
		 */
		private DataSize maxBufferedBodiesPerTeam = DataSize.ofMegabytes(16);

		/** Longest request target (path and query), in characters; longer ones get 414. */
		private int maxUriLength = 2048;

		/** Largest total size of the request's header fields (names and values); larger get 431. */
		private DataSize maxHeaderSize = DataSize.ofKilobytes(8);

		/**
		 * Most header fields a request may have; more get 431. The team services take this many plus the few the
		 * gateway adds (platform.team.max-header-count).
		 */
		private int maxHeaderCount = 100;

		/** How long a new connection may take to send a complete request head before it is closed. */
		private Duration requestHeadTimeout = Duration.ofSeconds(10);

		/** Most connections open at once on the main port; further ones are closed on arrival. */
		private int maxConnections = 4096;

		public DataSize getMaxRequestBody() {
			return this.maxRequestBody;
		}

		public void setMaxRequestBody(DataSize maxRequestBody) {
			this.maxRequestBody = maxRequestBody;
		}

		public DataSize getMaxBufferedBodiesPerTeam() {
			return this.maxBufferedBodiesPerTeam;
		}

		public void setMaxBufferedBodiesPerTeam(DataSize maxBufferedBodiesPerTeam) {
			this.maxBufferedBodiesPerTeam = maxBufferedBodiesPerTeam;
		}

		public Duration getBodyReadTimeout() {
			return this.bodyReadTimeout;
		}

		public void setBodyReadTimeout(Duration bodyReadTimeout) {
			this.bodyReadTimeout = bodyReadTimeout;
		}

		public int getMaxUriLength() {
			return this.maxUriLength;
		}

		public void setMaxUriLength(int maxUriLength) {
			this.maxUriLength = maxUriLength;
		}

		public DataSize getMaxHeaderSize() {
			return this.maxHeaderSize;
		}

		public void setMaxHeaderSize(DataSize maxHeaderSize) {
			this.maxHeaderSize = maxHeaderSize;
		}

		public int getMaxHeaderCount() {
			return this.maxHeaderCount;
		}

		public void setMaxHeaderCount(int maxHeaderCount) {
			this.maxHeaderCount = maxHeaderCount;
		}

		public Duration getRequestHeadTimeout() {
			return this.requestHeadTimeout;
		}

		public void setRequestHeadTimeout(Duration requestHeadTimeout) {
			this.requestHeadTimeout = requestHeadTimeout;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

	}

	/** Where quota buckets live. */
	public static class QuotaStore {

		/** {@code memory} for one replica; {@code redis} to share the quotas among all replicas. */
		private Store store = Store.MEMORY;

		/** Prefix of the Redis keys of the quota buckets. */
		private String redisKeyPrefix = "llmplatform:quota:";

		/**
		 * Longest wait for a shared store's answer (Redis); past it the request is admitted uncounted, as when
		 * the store fails.
		 */
		private Duration storeTimeout = Duration.ofMillis(250);

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public String getRedisKeyPrefix() {
			return this.redisKeyPrefix;
		}

		public void setRedisKeyPrefix(String redisKeyPrefix) {
			this.redisKeyPrefix = redisKeyPrefix;
		}

		public Duration getStoreTimeout() {
			return this.storeTimeout;
		}

		public void setStoreTimeout(Duration storeTimeout) {
			this.storeTimeout = storeTimeout;
		}

		/** Quota stores. */
		public enum Store {

			/** In this process: one gateway replica. */
			MEMORY,

			/** In Redis (spring.data.redis.*), shared by every replica, updated atomically by a script. */
			REDIS

		}

	}

	/** Inbound W3C trace context and baggage. */
	public static class InboundTraceContext {

		/**
		 * Whether a caller's {@code traceparent} continues its trace; when not (the default), the
		 * gateway starts a new trace that links to the caller's span.
		 */
		private boolean trusted;

		/** Largest inbound {@code baggage} header kept when trusted; baggage is never passed on when not. */
		private DataSize maxBaggage = DataSize.ofBytes(1024);

		public boolean isTrusted() {
			return this.trusted;
		}

		public void setTrusted(boolean trusted) {
			this.trusted = trusted;
		}

		public DataSize getMaxBaggage() {
			return this.maxBaggage;
		}

		public void setMaxBaggage(DataSize maxBaggage) {
			this.maxBaggage = maxBaggage;
		}

	}

	/** The admin API under {@code /admin/}. */
	public static class Admin {

		/**
		 * Base URL of the model simulator's fault API used by controlled model failures; they are
		 * refused when unset.
		 */
		private @Nullable URI simulatorUrl;

		public @Nullable URI getSimulatorUrl() {
			return this.simulatorUrl;
		}

		public void setSimulatorUrl(@Nullable URI simulatorUrl) {
			this.simulatorUrl = simulatorUrl;
		}

	}

}
