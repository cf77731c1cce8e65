package io.llmplatform.telemetry.test;

import java.util.List;

import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedLog;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedMetric;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.SemanticConventionsChecker.Rule;
import io.llmplatform.telemetry.test.SemanticConventionsChecker.Signal;
import io.llmplatform.telemetry.test.SemanticConventionsChecker.Violation;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SemanticConventionsCheckerTests {

	private static final Resource RESOURCE = Resource.newBuilder()
		.addAttributes(string("service.name", "gateway"))
		.addAttributes(string("deployment.environment.name", "test"))
		.build();

	private final SemanticConventionsChecker checker = new SemanticConventionsChecker();

	@Test
	void pinnedSpanDefinitionsRequireWhatTheSpecificationRequires() {
		SemanticConventions conventions = SemanticConventions.pinned();
		assertThat(conventions.required(SemanticConventionsChecker.HTTP_CLIENT)).containsExactlyInAnyOrder(
				"http.request.method", "server.address", "server.port", "url.full");
		assertThat(conventions.required(SemanticConventionsChecker.HTTP_SERVER))
			.containsExactlyInAnyOrder("http.request.method", "url.path", "url.scheme");
		assertThat(conventions.required(SemanticConventionsChecker.GEN_AI_CLIENT))
			.containsExactlyInAnyOrder("gen_ai.operation.name", "gen_ai.provider.name");
	}

	@Test
	void conformingSpansPass() {
		assertThat(this.checker.checkSpans(List.of(goodServerSpan(), goodClientSpan(), goodGenAiSpan()))).isEmpty();
	}

	@Test
	void numberExportedAsStringIsWrongType() {
		ReceivedSpan span = span(SpanKind.SPAN_KIND_SERVER, "POST /api/{team}/predict", serverAttributes(),
				string("http.response.status_code", "200"));
		assertThat(this.checker.checkSpans(List.of(span))).singleElement().satisfies((violation) -> {
			assertThat(violation.rule()).isEqualTo(Rule.WRONG_TYPE);
			assertThat(violation.key()).isEqualTo("http.response.status_code");
			assertThat(violation.detail()).isEqualTo("expected int, got string");
			assertThat(violation.where().service()).isEqualTo("gateway");
			assertThat(violation.where().name()).isEqualTo("POST /api/{team}/predict");
		});
	}

	@Test
	void joinedFinishReasonsAreWrongTypeAndAnArrayPasses() {
		ReceivedSpan joined = span(SpanKind.SPAN_KIND_CLIENT, "chat m", genAiAttributes(),
				string("gen_ai.response.finish_reasons", "stop,length"));
		assertThat(this.checker.checkSpans(List.of(joined))).extracting(Violation::rule, Violation::key)
			.containsExactly(tuple(Rule.WRONG_TYPE, "gen_ai.response.finish_reasons"));
		ReceivedSpan array = span(SpanKind.SPAN_KIND_CLIENT, "chat m", genAiAttributes(),
				strings("gen_ai.response.finish_reasons", "stop", "length"));
		assertThat(this.checker.checkSpans(List.of(array))).isEmpty();
	}

	@Test
	void doubleExportedAsIntIsWrongType() {
		ReceivedSpan span = span(SpanKind.SPAN_KIND_CLIENT, "chat m", genAiAttributes(),
				integer("gen_ai.request.temperature", 1));
		assertThat(this.checker.checkSpans(List.of(span))).extracting(Violation::rule, Violation::detail)
			.containsExactly(tuple(Rule.WRONG_TYPE, "expected double, got int"));
	}

	@Test
	void deprecatedKeyIsReported() {
		ReceivedSpan span = span(SpanKind.SPAN_KIND_CLIENT, "POST", clientAttributes(),
				integer("http.status_code", 200));
		assertThat(this.checker.checkSpans(List.of(span))).extracting(Violation::rule, Violation::key,
				Violation::detail)
			.containsExactly(tuple(Rule.DEPRECATED, "http.status_code", "renamed to http.response.status_code"));
	}

	@Test
	void unregisteredKeyInARegisteredNamespaceIsReportedAndOurOwnKeysAreNot() {
		ReceivedSpan span = span(SpanKind.SPAN_KIND_CLIENT, "chat m", genAiAttributes(),
				string("gen_ai.capture.mode", "none"), string("sagemaker.endpoint", "e"), string("team", "quant"),
				string("correlation_id", "c"));
		assertThat(this.checker.checkSpans(List.of(span))).extracting(Violation::rule, Violation::key)
			.containsExactly(tuple(Rule.UNREGISTERED, "gen_ai.capture.mode"));
	}

	@Test
	void templateAttributesAreRegistered() {
		ReceivedSpan span = span(SpanKind.SPAN_KIND_SERVER, "GET", serverAttributes(),
				strings("http.request.header.x-correlation-id", "c"));
		assertThat(this.checker.checkSpans(List.of(span))).isEmpty();
		ReceivedSpan wrong = span(SpanKind.SPAN_KIND_SERVER, "GET", serverAttributes(),
				string("http.request.header.x-correlation-id", "c"));
		assertThat(this.checker.checkSpans(List.of(wrong))).extracting(Violation::rule)
			.containsExactly(Rule.WRONG_TYPE);
	}

	@Test
	void httpClientSpanWithoutItsRequiredAttributesFails() {
		// What Spring Cloud Gateway's default observation exported.
		ReceivedSpan span = span(SpanKind.SPAN_KIND_CLIENT, "HTTP POST", List.of(),
				string("http.uri", "http://127.0.0.1:8101/predict"), string("http.method", "POST"));
		assertThat(this.checker.checkSpans(List.of(span)))
			.filteredOn((violation) -> violation.rule() == Rule.MISSING_REQUIRED)
			.extracting(Violation::key)
			.containsExactlyInAnyOrder("http.request.method", "server.address", "server.port", "url.full");
		assertThat(this.checker.checkSpans(List.of(span))).extracting(Violation::rule, Violation::key)
			.contains(tuple(Rule.DEPRECATED, "http.method"), tuple(Rule.UNREGISTERED, "http.uri"));
	}

	@Test
	void httpServerSpanWithoutItsRequiredAttributesFails() {
		ReceivedSpan span = span(SpanKind.SPAN_KIND_SERVER, "GET", List.of(), string("http.request.method", "GET"));
		assertThat(this.checker.checkSpans(List.of(span))).extracting(Violation::rule, Violation::key)
			.containsExactlyInAnyOrder(tuple(Rule.MISSING_REQUIRED, "url.path"),
					tuple(Rule.MISSING_REQUIRED, "url.scheme"));
	}

	@Test
	void genAiClientSpanWithoutItsProviderFailsAndIsNotTakenForAnHttpSpan() {
		ReceivedSpan span = span(SpanKind.SPAN_KIND_CLIENT, "chat m", List.of(), string("gen_ai.operation.name", "chat"),
				string("server.address", "127.0.0.1"), integer("server.port", 8200));
		assertThat(this.checker.checkSpans(List.of(span))).extracting(Violation::rule, Violation::key)
			.containsExactly(tuple(Rule.MISSING_REQUIRED, "gen_ai.provider.name"));
	}

	@Test
	void internalSpansHaveNoRequiredAttributes() {
		ReceivedSpan span = span(SpanKind.SPAN_KIND_INTERNAL, "quant shadow compare", List.of(),
				string("team", "quant"));
		assertThat(this.checker.checkSpans(List.of(span))).isEmpty();
	}

	@Test
	void metricDataPointAttributesAreChecked() {
		Metric metric = Metric.newBuilder()
			.setName("http.server.request.duration")
			.setHistogram(Histogram.newBuilder()
				.addDataPoints(HistogramDataPoint.newBuilder()
					.addAttributes(string("http.request.method", "POST"))
					.addAttributes(string("http.response.status_code", "200"))))
			.build();
		assertThat(this.checker.checkMetrics(List.of(new ReceivedMetric(RESOURCE, metric))))
			.singleElement()
			.satisfies((violation) -> {
				assertThat(violation.rule()).isEqualTo(Rule.WRONG_TYPE);
				assertThat(violation.where().signal()).isEqualTo(Signal.METRIC);
				assertThat(violation.where().name()).isEqualTo("http.server.request.duration");
			});
	}

	@Test
	void logAndResourceAttributesAreChecked() {
		Resource resource = RESOURCE.toBuilder().addAttributes(string("deployment.environment", "test")).build();
		LogRecord log = LogRecord.newBuilder().addAttributes(string("thread.id", "main")).build();
		assertThat(this.checker.checkLogs(List.of(new ReceivedLog(resource, log))))
			.extracting(Violation::rule, Violation::key, (violation) -> violation.where().signal())
			.containsExactlyInAnyOrder(tuple(Rule.DEPRECATED, "deployment.environment", Signal.RESOURCE),
					tuple(Rule.WRONG_TYPE, "thread.id", Signal.LOG));
	}

	@Test
	void spanEventAttributesAreChecked() {
		Span span = goodServerSpan().span()
			.toBuilder()
			.addEvents(Span.Event.newBuilder().setName("exception").addAttributes(integer("exception.type", 1)))
			.build();
		assertThat(this.checker.checkSpans(List.of(new ReceivedSpan(RESOURCE, span))))
			.extracting(Violation::rule, (violation) -> violation.where().signal())
			.containsExactly(tuple(Rule.WRONG_TYPE, Signal.SPAN_EVENT));
	}

	private static ReceivedSpan goodServerSpan() {
		return span(SpanKind.SPAN_KIND_SERVER, "POST /api/{team}/predict", serverAttributes(),
				integer("http.response.status_code", 200), string("http.route", "/api/{team}/predict"),
				string("server.address", "127.0.0.1"), integer("server.port", 8000));
	}

	private static ReceivedSpan goodClientSpan() {
		return span(SpanKind.SPAN_KIND_CLIENT, "POST", clientAttributes(), integer("http.response.status_code", 502),
				string("error.type", "502"));
	}

	private static ReceivedSpan goodGenAiSpan() {
		return span(SpanKind.SPAN_KIND_CLIENT, "chat quant-endpoint", genAiAttributes(),
				string("gen_ai.request.model", "quant-endpoint"), integer("gen_ai.usage.input_tokens", 12),
				integer("gen_ai.usage.output_tokens", 30), integer("gen_ai.request.max_tokens", 32),
				dbl("gen_ai.request.temperature", 0.7), dbl("gen_ai.request.top_p", 1.0),
				strings("gen_ai.response.finish_reasons", "stop"));
	}

	private static List<KeyValue> serverAttributes() {
		return List.of(string("http.request.method", "POST"), string("url.path", "/api/quant/predict"),
				string("url.scheme", "http"));
	}

	private static List<KeyValue> clientAttributes() {
		return List.of(string("http.request.method", "POST"), string("server.address", "127.0.0.1"),
				integer("server.port", 8101), string("url.full", "http://127.0.0.1:8101/predict"));
	}

	private static List<KeyValue> genAiAttributes() {
		return List.of(string("gen_ai.operation.name", "chat"), string("gen_ai.provider.name", "aws.sagemaker"));
	}

	private static ReceivedSpan span(SpanKind kind, String name, List<KeyValue> base, KeyValue... more) {
		return new ReceivedSpan(RESOURCE, Span.newBuilder()
			.setKind(kind)
			.setName(name)
			.addAllAttributes(base)
			.addAllAttributes(List.of(more))
			.build());
	}

	private static KeyValue string(String key, String value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
	}

	private static KeyValue integer(String key, long value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
	}

	private static KeyValue dbl(String key, double value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
	}

	private static KeyValue strings(String key, String... values) {
		ArrayValue.Builder array = ArrayValue.newBuilder();
		for (String value : values) {
			array.addValues(AnyValue.newBuilder().setStringValue(value));
		}
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setArrayValue(array)).build();
	}

}
