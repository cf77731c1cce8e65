package io.llmplatform.telemetry.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.llmplatform.telemetry.TelemetryProperties;
import io.llmplatform.telemetry.TelemetryProperties.Otlp;
import io.llmplatform.telemetry.TelemetryProperties.Protocol;
import io.llmplatform.telemetry.web.CorrelationIdFilter;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The starter's defaults, added as the last property source so that anything a user sets
 * (an {@code otel.*} or Boot property, an {@code OTEL_*} variable) wins over them.
 * <p>
 * The OpenTelemetry Spring Boot starter reads {@code OTEL_*} and {@code otel.*} itself; this
 * only chooses which of its instrumentations run (those that would double what Spring's own
 * observations record are off), turns on the SDK's own export metrics, and keeps the starter's
 * older {@code platform.telemetry.otlp.*}, {@code .sampling.*} and {@code .logging.otlp}
 * properties working as defaults of the {@code otel.*} ones they name. Internal: not a stable API.
 */
public class TelemetryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Which semantic conventions the instrumentation libraries emit where old and current ones exist. */
	static final String SEMCONV_STABILITY_OPT_IN = "otel.semconv-stability.opt-in";

	static final String DEFAULT_SEMCONV_STABILITY_OPT_IN = "rpc";

	/** Boot's switch of Micrometer's OTLP metric push, which its OTLP registry reads as its {@code enabled}. */
	public static final String OTLP_METRICS_EXPORT_ENABLED = "management.otlp.metrics.export.enabled";

	/** Name of the property source holding the derived defaults. */
	public static final String DEFAULTS_SOURCE = "platformTelemetryDefaults";

	/**
	 * OpenTelemetry starter instrumentations left off: Spring's observations already make these spans
	 * and metrics (server, RestClient, WebClient, scheduled tasks, JVM), Micrometer's OTLP registry
	 * already exports the meters, and Boot already puts the trace context into the logging MDC.
	 */
	static final String[] DOUBLING_INSTRUMENTATIONS = { "spring-web", "spring-webmvc", "spring-webflux",
			"spring-scheduling", "runtime-telemetry", "micrometer", "logback-mdc" };

	/**
	 * The OTLP exporters' own loggers: their names in the SDK we resolve (1.65, from the instrumentation
	 * BOM) and in earlier versions, for an application that pins an older SDK.
	 */
	static final String[] EXPORTER_LOGGERS = { "io.opentelemetry.exporter.otlp.internal.HttpExporter",
			"io.opentelemetry.exporter.otlp.internal.GrpcExporter",
			"io.opentelemetry.exporter.internal.http.HttpExporter",
			"io.opentelemetry.exporter.internal.grpc.GrpcExporter" };

	@Override
	public int getOrder() {
		// After config data (application.yaml) is loaded, before logging is initialised.
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		TelemetryProperties properties = Binder.get(environment)
			.bindOrCreate(TelemetryProperties.PREFIX, TelemetryProperties.class);
		chooseSemanticConventions(environment);
		boolean sdkDisabled = environment.getProperty("otel.sdk.disabled", Boolean.class, false);
		environment.getPropertySources()
			.addLast(new MapPropertySource(DEFAULTS_SOURCE, derivedDefaults(properties, sdkDisabled)));
	}

	/**
	 * OpenTelemetry's instrumentation libraries (the AWS SDK's among them) read which conventions to
	 * emit from a system property or {@code OTEL_SEMCONV_STABILITY_OPT_IN} only, once per process: a
	 * value in the application's configuration is passed on, and without one the current RPC
	 * conventions ({@code rpc.system.name}) replace the deprecated {@code rpc.system} and
	 * {@code rpc.service}.
	 */
	static void chooseSemanticConventions(ConfigurableEnvironment environment) {
		if (System.getProperty(SEMCONV_STABILITY_OPT_IN) == null
				&& System.getenv("OTEL_SEMCONV_STABILITY_OPT_IN") == null) {
			System.setProperty(SEMCONV_STABILITY_OPT_IN,
					environment.getProperty(SEMCONV_STABILITY_OPT_IN, DEFAULT_SEMCONV_STABILITY_OPT_IN));
		}
	}

	static Map<String, Object> derivedDefaults(TelemetryProperties properties, boolean sdkDisabled) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		openTelemetryDefaults(properties, defaults);
		if (sdkDisabled || !properties.getOtlp().isEnabled()) {
			defaults.put(OTLP_METRICS_EXPORT_ENABLED, false);
		}
		// Seconds, as the OpenTelemetry semantic conventions and our catalogue name them.
		defaults.put("management.otlp.metrics.export.base-time-unit", "seconds");
		defaults.put("management.tracing.baggage.remote-fields[0]", CorrelationIdFilter.CORRELATION_ID);
		defaults.put("management.tracing.baggage.correlation.fields[0]", CorrelationIdFilter.CORRELATION_ID);
		// Read the trace context the suite writes (W3C) and no other: Boot also reads B3's headers by default, which
		// let a caller of the gateway join a trace past its untrusted trace-context rule, and cost every request
		// two more extractions.
		defaults.put("management.tracing.propagation.consume", "W3C");
		// spring.reactor.context-propagation stays at Boot's "limited": WebFlux and Spring Cloud Gateway hand the
		// observation on through the Reactor context themselves, and "auto" (restoring thread locals around every
		// operator) cost the gateway half its throughput (docs/BENCHMARKS.md). Code that logs inside a reactive
		// chain does it in handle or tap, which restore them.
		// One duration series per request; the ".active" long-task timers only add cardinality.
		defaults.put("management.metrics.observations.ignored-meters", "long-task-timer");
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		// Exemplars only where OpenMetrics allows them (buckets, counters): Prometheus before 2.43 (Debian
		// bookworm's 2.42) rejects the whole scrape when a histogram's _count line carries one.
		defaults.put("management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes",
				"false");
		defaults.put("management.info.build.enabled", true);
		// The exporters log every failed batch with a stack trace; DroppedTelemetry reports drops once a minute instead.
		for (String exporter : EXPORTER_LOGGERS) {
			defaults.put("logging.level." + exporter, "off");
		}
		if (properties.getLogging().isJson()) {
			defaults.put("logging.structured.format.console", JsonLogFormatter.class.getName());
		}
		return defaults;
	}

	private static void openTelemetryDefaults(TelemetryProperties properties, Map<String, Object> defaults) {
		for (String instrumentation : DOUBLING_INSTRUMENTATIONS) {
			defaults.put("otel.instrumentation." + instrumentation + ".enabled", false);
		}
		// Metrics travel through Micrometer (OTLP registry and Prometheus scrape); the SDK's meter provider
		// only feeds the export-health counters (DroppedTelemetry), so it exports nothing itself.
		defaults.put("otel.metrics.exporter", "none");
		// The SDK's exporters and batch processors count what they process, with error.type when it is lost.
		defaults.put("otel.experimental.sdk.telemetry.version", "latest");
		// process.command_line / process.command_args would carry whatever the command line holds (credentials
		// passed as --properties among it) into every resource.
		defaults.put("otel.java.disabled.resource.providers",
				"io.opentelemetry.instrumentation.resources.ProcessResourceProvider");
		defaults.put("otel.instrumentation.logback-appender.experimental.mdc-attributes.included",
				CorrelationIdFilter.CORRELATION_ID);
		Otlp otlp = properties.getOtlp();
		if (!otlp.isEnabled()) {
			defaults.put("otel.sdk.disabled", true);
		}
		putIfSet(defaults, "otel.exporter.otlp.endpoint", otlp.getEndpoint());
		putIfSet(defaults, "otel.exporter.otlp.traces.endpoint", otlp.getTracesEndpoint());
		putIfSet(defaults, "otel.exporter.otlp.metrics.endpoint", otlp.getMetricsEndpoint());
		putIfSet(defaults, "otel.exporter.otlp.logs.endpoint", otlp.getLogsEndpoint());
		defaults.put("otel.exporter.otlp.protocol", (otlp.getProtocol() == Protocol.GRPC) ? "grpc" : "http/protobuf");
		if (!otlp.getHeaders().isEmpty()) {
			defaults.put("otel.exporter.otlp.headers", otlp.getHeaders()
				.entrySet()
				.stream()
				.map((header) -> header.getKey() + "=" + header.getValue())
				.collect(Collectors.joining(",")));
		}
		defaults.put("otel.traces.sampler", "parentbased_traceidratio");
		defaults.put("otel.traces.sampler.arg", properties.getSampling().getProbability());
		if (!properties.getLogging().isOtlp()) {
			defaults.put("otel.logs.exporter", "none");
		}
	}

	private static void putIfSet(Map<String, Object> defaults, String name, String value) {
		if (value != null && !value.isBlank()) {
			defaults.put(name, value);
		}
	}

}
