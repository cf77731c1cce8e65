package io.llmplatform.telemetry.test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedLog;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedMetric;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;

/**
 * Checks decoded OTLP against the {@link SemanticConventions#pinned() pinned} semantic
 * conventions, the way a backend that keys on them would read it:
 * <ul>
 * <li>{@link Rule#UNREGISTERED}: a key in a namespace the registry owns ({@code http.},
 * {@code gen_ai.}, {@code server.}, ...) that the registry does not define;</li>
 * <li>{@link Rule#WRONG_TYPE}: a registered key whose value has another type than the
 * registry's ({@code int}, {@code double}, {@code string}, {@code boolean}, arrays);</li>
 * <li>{@link Rule#DEPRECATED}: a key the registry deprecates;</li>
 * <li>{@link Rule#MISSING_REQUIRED}: an HTTP server, HTTP client or GenAI client span without
 * an attribute its span definition marks {@code required}.</li>
 * </ul>
 * Spans are classified as the specification does, by kind and attributes: a SERVER or
 * CLIENT span with {@code http.*} or {@code url.*} attributes is an HTTP span; a CLIENT span
 * with {@code gen_ai.*} attributes is a GenAI client span (and not an HTTP one). Keys outside
 * the registry's namespaces ({@code team}, {@code sagemaker.endpoint}) are ours and not
 * checked. Span, span-event, log, resource and metric data-point attributes are all checked.
 */
public final class SemanticConventionsChecker {

	/** The span definitions whose required attributes are checked. */
	static final String HTTP_SERVER = "span.http.server";

	static final String HTTP_CLIENT = "span.http.client";

	static final String GEN_AI_CLIENT = "span.gen_ai.inference.client";

	private final SemanticConventions conventions;

	public SemanticConventionsChecker() {
		this(SemanticConventions.pinned());
	}

	public SemanticConventionsChecker(SemanticConventions conventions) {
		this.conventions = conventions;
	}

	/** Everything the receiver holds. */
	public List<Violation> check(OtlpReceiver receiver) {
		List<Violation> violations = new ArrayList<>();
		violations.addAll(checkSpans(receiver.spans()));
		violations.addAll(checkMetrics(receiver.metrics()));
		violations.addAll(checkLogs(receiver.logs()));
		return List.copyOf(new LinkedHashSet<>(violations));
	}

	public List<Violation> checkSpans(List<ReceivedSpan> spans) {
		Set<Violation> violations = new LinkedHashSet<>();
		for (ReceivedSpan received : spans) {
			Span span = received.span();
			String service = service(received.resource());
			Where where = new Where(Signal.SPAN, span.getName(), service);
			checkResource(received.resource(), violations);
			checkAttributes(span.getAttributesList(), where, violations);
			for (Span.Event event : span.getEventsList()) {
				checkAttributes(event.getAttributesList(),
						new Where(Signal.SPAN_EVENT, span.getName() + " / " + event.getName(), service), violations);
			}
			definitionOf(span).ifPresent((group) -> {
				Set<String> present = new LinkedHashSet<>();
				span.getAttributesList().forEach((attribute) -> present.add(attribute.getKey()));
				for (String required : this.conventions.required(group)) {
					if (!present.contains(required)) {
						violations.add(new Violation(Rule.MISSING_REQUIRED, required, where,
								"required by " + group));
					}
				}
			});
		}
		return List.copyOf(violations);
	}

	public List<Violation> checkMetrics(List<ReceivedMetric> metrics) {
		Set<Violation> violations = new LinkedHashSet<>();
		for (ReceivedMetric received : metrics) {
			Metric metric = received.metric();
			checkResource(received.resource(), violations);
			Where where = new Where(Signal.METRIC, metric.getName(), service(received.resource()));
			for (List<KeyValue> attributes : dataPointAttributes(metric)) {
				checkAttributes(attributes, where, violations);
			}
		}
		return List.copyOf(violations);
	}

	public List<Violation> checkLogs(List<ReceivedLog> logs) {
		Set<Violation> violations = new LinkedHashSet<>();
		for (ReceivedLog received : logs) {
			checkResource(received.resource(), violations);
			String name = received.log().getEventName().isEmpty() ? "log record" : received.log().getEventName();
			checkAttributes(received.log().getAttributesList(),
					new Where(Signal.LOG, name, service(received.resource())), violations);
		}
		return List.copyOf(violations);
	}

	/** The span definition this span falls under, if one whose requirements are checked. */
	static Optional<String> definitionOf(Span span) {
		boolean genAi = hasKeyStartingWith(span, "gen_ai.");
		boolean http = hasKeyStartingWith(span, "http.") || hasKeyStartingWith(span, "url.");
		if (span.getKind() == SpanKind.SPAN_KIND_CLIENT && genAi) {
			return Optional.of(GEN_AI_CLIENT);
		}
		if (span.getKind() == SpanKind.SPAN_KIND_CLIENT && http) {
			return Optional.of(HTTP_CLIENT);
		}
		if (span.getKind() == SpanKind.SPAN_KIND_SERVER && http) {
			return Optional.of(HTTP_SERVER);
		}
		return Optional.empty();
	}

	private static boolean hasKeyStartingWith(Span span, String prefix) {
		return span.getAttributesList().stream().anyMatch((attribute) -> attribute.getKey().startsWith(prefix));
	}

	private void checkResource(Resource resource, Set<Violation> violations) {
		checkAttributes(resource.getAttributesList(), new Where(Signal.RESOURCE, "resource", service(resource)),
				violations);
	}

	private void checkAttributes(List<KeyValue> attributes, Where where, Set<Violation> violations) {
		for (KeyValue attribute : attributes) {
			String key = attribute.getKey();
			Optional<SemanticConventions.Attribute> registered = this.conventions.attribute(key);
			if (registered.isEmpty()) {
				if (this.conventions.isRegisteredNamespace(key)) {
					violations.add(new Violation(Rule.UNREGISTERED, key, where, "namespace of the registry"));
				}
				continue;
			}
			SemanticConventions.Attribute definition = registered.get();
			if (definition.deprecated()) {
				violations.add(new Violation(Rule.DEPRECATED, key, where,
						(definition.renamedTo() != null) ? "renamed to " + definition.renamedTo() : "deprecated"));
			}
			String actual = typeOf(attribute.getValue());
			if (!matches(definition.type(), actual)) {
				violations.add(new Violation(Rule.WRONG_TYPE, key, where,
						"expected " + definition.type() + ", got " + actual));
			}
		}
	}

	private static boolean matches(String expected, String actual) {
		if ("any".equals(expected)) {
			return true;
		}
		// An empty array carries no element type.
		return expected.equals(actual) || ("[]".equals(actual) && expected.endsWith("[]"));
	}

	/** The registry's name for an OTLP value's type; {@code []} for an empty array. */
	static String typeOf(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> "string";
			case INT_VALUE -> "int";
			case DOUBLE_VALUE -> "double";
			case BOOL_VALUE -> "boolean";
			case ARRAY_VALUE -> {
				Set<String> elements = new LinkedHashSet<>();
				value.getArrayValue().getValuesList().forEach((element) -> elements.add(typeOf(element)));
				yield (elements.size() == 1) ? elements.iterator().next() + "[]"
						: elements.isEmpty() ? "[]" : "mixed[]";
			}
			case KVLIST_VALUE -> "map";
			case BYTES_VALUE -> "bytes";
			default -> "empty";
		};
	}

	private static List<List<KeyValue>> dataPointAttributes(Metric metric) {
		List<List<KeyValue>> attributes = new ArrayList<>();
		switch (metric.getDataCase()) {
			case GAUGE -> metric.getGauge().getDataPointsList().forEach((p) -> attributes.add(p.getAttributesList()));
			case SUM -> metric.getSum().getDataPointsList().forEach((p) -> attributes.add(p.getAttributesList()));
			case HISTOGRAM ->
				metric.getHistogram().getDataPointsList().forEach((p) -> attributes.add(p.getAttributesList()));
			case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram()
				.getDataPointsList()
				.forEach((p) -> attributes.add(p.getAttributesList()));
			case SUMMARY -> metric.getSummary().getDataPointsList().forEach((p) -> attributes.add(p.getAttributesList()));
			default -> {
			}
		}
		return attributes;
	}

	private static String service(Resource resource) {
		String service = OtlpReceiver.attribute(resource.getAttributesList(), "service.name");
		return (service != null) ? service : "?";
	}

	/** What a violation breaks. */
	public enum Rule {

		/** A key in a registry namespace that the registry does not define. */
		UNREGISTERED,

		/** A value of another type than the registry's. */
		WRONG_TYPE,

		/** A key the registry deprecates. */
		DEPRECATED,

		/** A span without an attribute its definition requires. */
		MISSING_REQUIRED

	}

	/** Where an attribute was found. */
	public enum Signal {

		SPAN, SPAN_EVENT, METRIC, LOG, RESOURCE

	}

	/**
	 * Where: the signal, the span, metric or log name, and the service that sent it.
	 * @param signal the kind of telemetry
	 * @param name span name, metric name or {@code log record}
	 * @param service {@code service.name} of the resource
	 */
	public record Where(Signal signal, String name, String service) {
	}

	/**
	 * One broken rule.
	 * @param rule the rule
	 * @param key the attribute key
	 * @param where the telemetry it was found in
	 * @param detail what the registry says
	 */
	public record Violation(Rule rule, String key, Where where, String detail) {

		@Override
		public String toString() {
			return this.rule + " " + this.key + " (" + this.detail + ") on " + this.where.signal() + " '"
					+ this.where.name() + "' of " + this.where.service();
		}

	}

}
