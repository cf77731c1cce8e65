package io.llmplatform.telemetry.tracing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;

/**
 * The one table of span attribute types: Micrometer Observation key values are strings, and
 * micrometer-tracing writes them as string attributes, so {@code http.response.status_code}
 * would leave the process as {@code "200"} and a backend's {@code status_code >= 500} would
 * match nothing. For the keys below, the semantic-conventions type is written instead
 * (registry v1.44.0, GenAI v1.41.1: the release pinned in telemetry-test-support's
 * {@code semconv/}); every other key stays a string.
 * <p>
 * A value that does not parse as its type (Spring's {@code UNKNOWN} status of a request that
 * never got an answer) is left out: the conventions want an absent attribute, not a wrong one.
 * For the same reason {@code error.type=none} (what Spring's HTTP conventions record on success,
 * so that the metric keeps one label set) is not written to spans: the conventions say a
 * successful operation has no {@code error.type}.
 * Lists ({@code string[]}) are written by conventions as one value joined with {@code ,},
 * without spaces ({@code stop,length}).
 * <p>
 * Metrics exported over OTLP get the same types from {@link TypedMetricAttributesSender};
 * Prometheus labels are strings anyway.
 */
public final class SpanAttributeTypes {

	/** An attribute type other than string. */
	public enum Type {

		/** {@code int} in the registry: a 64-bit integer. */
		LONG,

		/** {@code double}. */
		DOUBLE,

		/** {@code boolean}: {@code true} or {@code false}. */
		BOOLEAN,

		/** {@code string[]}: the key value is the elements joined with {@code ,}. */
		STRING_ARRAY

	}

	/** Key → type, for every non-string semantic-conventions key the suite's observations emit. */
	private static final Map<String, Type> TYPES = Map.ofEntries(
			// HTTP and network (server and client spans)
			Map.entry("http.response.status_code", Type.LONG), Map.entry("http.request.resend_count", Type.LONG),
			Map.entry("http.request.body.size", Type.LONG), Map.entry("http.response.body.size", Type.LONG),
			Map.entry("server.port", Type.LONG), Map.entry("client.port", Type.LONG),
			Map.entry("network.peer.port", Type.LONG), Map.entry("network.local.port", Type.LONG),
			// GenAI client spans
			Map.entry("gen_ai.usage.input_tokens", Type.LONG), Map.entry("gen_ai.usage.output_tokens", Type.LONG),
			Map.entry("gen_ai.usage.cache_read.input_tokens", Type.LONG),
			Map.entry("gen_ai.usage.cache_creation.input_tokens", Type.LONG),
			Map.entry("gen_ai.usage.reasoning.output_tokens", Type.LONG),
			Map.entry("gen_ai.request.max_tokens", Type.LONG), Map.entry("gen_ai.request.seed", Type.LONG),
			Map.entry("gen_ai.request.choice.count", Type.LONG),
			Map.entry("gen_ai.request.temperature", Type.DOUBLE), Map.entry("gen_ai.request.top_p", Type.DOUBLE),
			Map.entry("gen_ai.request.top_k", Type.DOUBLE), Map.entry("gen_ai.request.frequency_penalty", Type.DOUBLE),
			Map.entry("gen_ai.request.presence_penalty", Type.DOUBLE),
			Map.entry("gen_ai.response.time_to_first_chunk", Type.DOUBLE),
			Map.entry("gen_ai.request.stream", Type.BOOLEAN),
			Map.entry("gen_ai.response.finish_reasons", Type.STRING_ARRAY),
			Map.entry("gen_ai.request.stop_sequences", Type.STRING_ARRAY));

	private static final String ERROR_TYPE = "error.type";

	/** Spring's HTTP conventions' {@code error.type} on success, kept for the metric's label set. */
	private static final String NO_ERROR = "none";

	private SpanAttributeTypes() {
	}

	/** The type of a key, or {@code null} for a string. */
	public static Type typeOf(String key) {
		return TYPES.get(key);
	}

	/** The table, for documentation and tests. */
	public static Map<String, Type> types() {
		return TYPES;
	}

	/**
	 * What micrometer-tracing's {@code TracingObservationHandler.tagSpan} does, typed: every
	 * key value of the context becomes an attribute of the span, and a key value named
	 * {@code error} marks the span failed.
	 * @param context the observation's context
	 * @param span its span
	 */
	public static void tagSpan(Observation.Context context, Span span) {
		for (KeyValue keyValue : context.getAllKeyValues()) {
			if ("error".equalsIgnoreCase(keyValue.getKey())) {
				span.error(new RuntimeException(keyValue.getValue()));
			}
			else {
				tag(span, keyValue.getKey(), keyValue.getValue());
			}
		}
	}

	/** Writes one attribute with the type of its key. */
	public static void tag(Span span, String key, String value) {
		if (ERROR_TYPE.equals(key) && NO_ERROR.equals(value)) {
			return;
		}
		Type type = TYPES.get(key);
		if (type == null) {
			span.tag(key, value);
			return;
		}
		try {
			switch (type) {
				case LONG -> span.tag(key, Long.parseLong(value.strip()));
				case DOUBLE -> span.tag(key, Double.parseDouble(value.strip()));
				case BOOLEAN -> {
					if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
						span.tag(key, Boolean.parseBoolean(value));
					}
				}
				case STRING_ARRAY -> span.tagOfStrings(key, elements(value));
			}
		}
		catch (NumberFormatException ex) {
			// Left out on purpose: an absent attribute rather than one of the wrong type.
		}
	}

	static List<String> elements(String joined) {
		return Arrays.stream(joined.split(",")).map(String::strip).filter((element) -> !element.isEmpty()).toList();
	}

}
