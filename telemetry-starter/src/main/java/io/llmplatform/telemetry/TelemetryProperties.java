package io.llmplatform.telemetry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the platform telemetry: where OTLP goes, how the service is named and
 * what is recorded. Standard {@code OTEL_*} environment variables fill these in when set
 * (see {@code docs/telemetry.md}); explicit Spring properties win over them.
 */
@ConfigurationProperties(TelemetryProperties.PREFIX)
public class TelemetryProperties {

	/** Prefix of every property of the starter. */
	public static final String PREFIX = "platform.telemetry";

	/** Team that owns the service; becomes the {@code team} resource attribute and metric label. */
	private @Nullable String team;

	/** Value of {@code service.namespace}; defaults to the team, or "platform" without one. */
	private @Nullable String namespace;

	/** Value of {@code deployment.environment.name}. */
	private String environment = "dev";

	/** OTLP export of traces, metrics and logs. */
	private final Otlp otlp = new Otlp();

	/** Trace sampling. */
	private final Sampling sampling = new Sampling();

	/** Metric export. */
	private final Metrics metrics = new Metrics();

	/** Correlation id handling. */
	private final Correlation correlation = new Correlation();

	/** Log output. */
	private final Logging logging = new Logging();

	/** Generative AI model call telemetry. */
	private final GenAi genAi = new GenAi();

	public @Nullable String getTeam() {
		return this.team;
	}

	public void setTeam(@Nullable String team) {
		this.team = team;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = namespace;
	}

	/**
	 * The effective {@code service.namespace}: the configured one, else the team, else
	 * "platform".
	 * @return the namespace
	 */
	public String resolvedNamespace() {
		if (this.namespace != null && !this.namespace.isBlank()) {
			return this.namespace;
		}
		return (this.team != null && !this.team.isBlank()) ? this.team : "platform";
	}

	public String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(String environment) {
		this.environment = environment;
	}

	public Otlp getOtlp() {
		return this.otlp;
	}

	public Sampling getSampling() {
		return this.sampling;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Correlation getCorrelation() {
		return this.correlation;
	}

	public Logging getLogging() {
		return this.logging;
	}

	public GenAi getGenAi() {
		return this.genAi;
	}

	public static class Otlp {

		/** Whether telemetry is exported over OTLP at all ({@code OTEL_SDK_DISABLED=true} turns it off). */
		private boolean enabled = true;

		/**
		 * Base URL of the OTLP receiver; signal paths (/v1/traces, ...) are appended for
		 * http/protobuf. Defaults to http://localhost:4318, or http://localhost:4317 for gRPC.
		 */
		private @Nullable String endpoint;

		/** Signal-specific trace endpoint, used as is; overrides the base endpoint. */
		private @Nullable String tracesEndpoint;

		/** Signal-specific metrics endpoint, used as is; overrides the base endpoint. */
		private @Nullable String metricsEndpoint;

		/** Signal-specific logs endpoint, used as is; overrides the base endpoint. */
		private @Nullable String logsEndpoint;

		/** Transport for traces and logs. Metrics always travel as http/protobuf (Micrometer's OTLP registry). */
		private Protocol protocol = Protocol.HTTP_PROTOBUF;

		/** Headers sent with every export request, e.g. an authorization for a hosted backend. */
		private Map<String, String> headers = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public @Nullable String getTracesEndpoint() {
			return this.tracesEndpoint;
		}

		public void setTracesEndpoint(@Nullable String tracesEndpoint) {
			this.tracesEndpoint = tracesEndpoint;
		}

		public @Nullable String getMetricsEndpoint() {
			return this.metricsEndpoint;
		}

		public void setMetricsEndpoint(@Nullable String metricsEndpoint) {
			this.metricsEndpoint = metricsEndpoint;
		}

		public @Nullable String getLogsEndpoint() {
			return this.logsEndpoint;
		}

		public void setLogsEndpoint(@Nullable String logsEndpoint) {
			this.logsEndpoint = logsEndpoint;
		}

		public Protocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(Protocol protocol) {
			this.protocol = protocol;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

	}

	/** OTLP transports, named as {@code OTEL_EXPORTER_OTLP_PROTOCOL} names them. */
	public enum Protocol {

		/** {@code http/protobuf}, the OpenTelemetry default (port 4318). */
		HTTP_PROTOBUF,

		/** {@code grpc} (port 4317). */
		GRPC

	}

	public static class Sampling {

		/** Probability of sampling a new trace (parent-based: a sampled parent is always followed). */
		private double probability = 1.0;

		public double getProbability() {
			return this.probability;
		}

		public void setProbability(double probability) {
			this.probability = probability;
		}

	}

	public static class Metrics {

		/** How often metrics are pushed over OTLP. */
		private Duration step = Duration.ofSeconds(30);

		public Duration getStep() {
			return this.step;
		}

		public void setStep(Duration step) {
			this.step = step;
		}

	}

	public static class Correlation {

		/** Request and response header carrying the correlation id. */
		private String header = "X-Correlation-ID";

		/** Longest accepted inbound correlation id; longer or malformed ones are replaced by a new id. */
		private int maxLength = 128;

		/**
		 * Whether a reactive server adds the id it generated for a request that came without one to the request
		 * passed down its filter chain, so that a proxy forwards it. A proxy that sets the id on the forwarded
		 * request itself switches this off and saves a copy of the headers of every such request.
		 */
		private boolean addGeneratedToRequest = true;

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			this.maxLength = maxLength;
		}

		public boolean isAddGeneratedToRequest() {
			return this.addGeneratedToRequest;
		}

		public void setAddGeneratedToRequest(boolean addGeneratedToRequest) {
			this.addGeneratedToRequest = addGeneratedToRequest;
		}

	}

	public static class Logging {

		/** Whether console logs are JSON, one object per line (Boot's structured logging with our fields). */
		private boolean json = true;

		/** Whether log records are also exported over OTLP through the process's OpenTelemetry SDK. */
		private boolean otlp = true;

		public boolean isJson() {
			return this.json;
		}

		public void setJson(boolean json) {
			this.json = json;
		}

		public boolean isOtlp() {
			return this.otlp;
		}

		public void setOtlp(boolean otlp) {
			this.otlp = otlp;
		}

	}

	public static class GenAi {

		/** Whether prompt and completion text is recorded on GenAI spans. Off: no text ever leaves the process. */
		private boolean captureContent = false;

		public boolean isCaptureContent() {
			return this.captureContent;
		}

		public void setCaptureContent(boolean captureContent) {
			this.captureContent = captureContent;
		}

	}

}
