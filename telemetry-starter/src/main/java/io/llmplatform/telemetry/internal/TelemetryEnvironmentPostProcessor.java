package io.llmplatform.telemetry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

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
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Turns the starter's few properties (and the standard {@code OTEL_*} variables) into the
 * many Spring Boot properties that configure OpenTelemetry, Micrometer and logging.
 * <p>
 * Two property sources are added: {@value #OTEL_SOURCE} right after the system environment
 * (so {@code OTEL_*} variables rank as environment variables do), and {@value #DEFAULTS_SOURCE}
 * last (so any Boot property a user sets explicitly still wins over what is derived here).
 * Internal: not a stable API.
 */
public class TelemetryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the translated {@code OTEL_*} variables. */
	public static final String OTEL_SOURCE = "platformTelemetryOtelEnvironment";

	/** Name of the property source holding the derived Boot defaults. */
	public static final String DEFAULTS_SOURCE = "platformTelemetryDefaults";

	/** Downward-API variables (set in our Kubernetes manifests) and the resource attribute each becomes. */
	static final Map<String, String> KUBERNETES_VARIABLES = Map.of("K8S_POD_NAME", "k8s.pod.name", "K8S_POD_UID",
			"k8s.pod.uid", "K8S_NAMESPACE_NAME", "k8s.namespace.name", "K8S_NODE_NAME", "k8s.node.name",
			"K8S_CONTAINER_NAME", "k8s.container.name", "K8S_DEPLOYMENT_NAME", "k8s.deployment.name");

	@Override
	public int getOrder() {
		// After config data (application.yaml) is loaded, before logging is initialised.
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, String> env = systemEnvironment(environment);
		MutablePropertySources sources = environment.getPropertySources();
		Map<String, Object> otel = OtelEnvironmentVariables.toProperties(env);
		if (!otel.isEmpty()) {
			MapPropertySource otelSource = new MapPropertySource(OTEL_SOURCE, otel);
			if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
				sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, otelSource);
			}
			else {
				sources.addLast(otelSource);
			}
		}
		TelemetryProperties properties = Binder.get(environment)
			.bindOrCreate(TelemetryProperties.PREFIX, TelemetryProperties.class);
		sources.addLast(new MapPropertySource(DEFAULTS_SOURCE, derivedDefaults(properties, env)));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> systemEnvironment(ConfigurableEnvironment environment) {
		Map<String, Object> raw = environment.getSystemEnvironment();
		Map<String, String> env = new LinkedHashMap<>();
		raw.forEach((key, value) -> env.put(key, String.valueOf(value)));
		return env;
	}

	static Map<String, Object> derivedDefaults(TelemetryProperties properties, Map<String, String> env) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		exportDefaults(properties, defaults);
		resourceAttributeDefaults(properties, env, defaults);
		defaults.put("management.tracing.sampling.probability", properties.getSampling().getProbability());
		defaults.put("management.tracing.baggage.remote-fields[0]", CorrelationIdFilter.CORRELATION_ID);
		defaults.put("management.tracing.baggage.correlation.fields[0]", CorrelationIdFilter.CORRELATION_ID);
		// Reactor-based servers and clients (WebFlux, Spring Cloud Gateway) lose the trace context without it.
		defaults.put("spring.reactor.context-propagation", "auto");
		// One duration series per request; the ".active" long-task timers only add cardinality.
		defaults.put("management.metrics.observations.ignored-meters", "long-task-timer");
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		// Exemplars only where OpenMetrics allows them (buckets, counters): Prometheus before 2.43 (Debian
		// bookworm's 2.42) rejects the whole scrape when a histogram's _count line carries one.
		defaults.put("management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes",
				"false");
		defaults.put("management.info.build.enabled", true);
		// The exporters log every failed batch with a stack trace; DroppedTelemetry reports drops once a minute instead.
		defaults.put("logging.level.io.opentelemetry.exporter.internal.http.HttpExporter", "off");
		defaults.put("logging.level.io.opentelemetry.exporter.internal.grpc.GrpcExporter", "off");
		if (properties.getLogging().isJson()) {
			defaults.put("logging.structured.format.console", JsonLogFormatter.class.getName());
		}
		return defaults;
	}

	private static void exportDefaults(TelemetryProperties properties, Map<String, Object> defaults) {
		Otlp otlp = properties.getOtlp();
		if (!otlp.isEnabled()) {
			defaults.put("management.tracing.export.enabled", false);
			defaults.put("management.otlp.metrics.export.enabled", false);
			defaults.put("management.logging.export.enabled", false);
			return;
		}
		String transport = (otlp.getProtocol() == Protocol.GRPC) ? "grpc" : "http";
		defaults.put("management.opentelemetry.tracing.export.otlp.endpoint", OtlpEndpoints.traces(otlp));
		defaults.put("management.opentelemetry.tracing.export.otlp.transport", transport);
		defaults.put("management.opentelemetry.logging.export.otlp.endpoint", OtlpEndpoints.logs(otlp));
		defaults.put("management.opentelemetry.logging.export.otlp.transport", transport);
		defaults.put("management.otlp.metrics.export.url", OtlpEndpoints.metrics(otlp));
		defaults.put("management.otlp.metrics.export.step", properties.getMetrics().getStep().toString());
		// Seconds, as the OpenTelemetry semantic conventions and our catalogue name them.
		defaults.put("management.otlp.metrics.export.base-time-unit", "seconds");
		otlp.getHeaders().forEach((name, value) -> {
			defaults.put("management.opentelemetry.tracing.export.otlp.headers[" + name + "]", value);
			defaults.put("management.opentelemetry.logging.export.otlp.headers[" + name + "]", value);
			defaults.put("management.otlp.metrics.export.headers[" + name + "]", value);
		});
		if (!properties.getLogging().isOtlp()) {
			defaults.put("management.logging.export.enabled", false);
		}
	}

	private static void resourceAttributeDefaults(TelemetryProperties properties, Map<String, String> env,
			Map<String, Object> defaults) {
		Map<String, String> fromOtelVariable = OtelEnvironmentVariables.parsePairs(env.get("OTEL_RESOURCE_ATTRIBUTES"));
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("service.namespace", properties.resolvedNamespace());
		attributes.put("deployment.environment.name", properties.getEnvironment());
		if (properties.getTeam() != null) {
			attributes.put("team", properties.getTeam());
		}
		String version = buildVersion();
		if (version != null) {
			attributes.put("service.version", version);
		}
		KUBERNETES_VARIABLES.forEach((variable, attribute) -> {
			String value = env.get(variable);
			if (value != null && !value.isBlank()) {
				attributes.put(attribute, value);
			}
		});
		attributes.forEach((name, value) -> {
			// The starter's own attributes came through the OTEL source already; the rest is Boot's to read.
			boolean ownedByStarter = name.equals("team") || name.equals("service.namespace")
					|| name.equals("deployment.environment.name");
			if (ownedByStarter || !fromOtelVariable.containsKey(name)) {
				defaults.put("management.opentelemetry.resource-attributes[" + name + "]", value);
			}
		});
	}

	private static String buildVersion() {
		ClassPathResource buildInfo = new ClassPathResource("META-INF/build-info.properties");
		if (!buildInfo.exists()) {
			return null;
		}
		try (InputStream in = buildInfo.getInputStream()) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("build.version");
		}
		catch (IOException ex) {
			return null;
		}
	}

}
