package io.llmplatform.telemetry.tracing;

import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.registry.otlp.OtlpMetricsSender;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;

/**
 * The metric side of {@link SpanAttributeTypes}: Micrometer's OTLP registry writes every tag
 * as a string attribute, so {@code http.response.status_code} would arrive as {@code "200"}.
 * This sender rewrites the data-point attributes of each export request with the same
 * key-to-type table before handing it on (a value that does not parse stays a string: a
 * metric keeps its label set). Prometheus labels are strings either way.
 */
public class TypedMetricAttributesSender implements OtlpMetricsSender {

	private final OtlpMetricsSender delegate;

	public TypedMetricAttributesSender(OtlpMetricsSender delegate) {
		this.delegate = delegate;
	}

	@Override
	public void send(Request request) throws Exception {
		this.delegate.send(Request.builder(typed(request.getMetricsData()))
			.address(request.getAddress())
			.headers(request.getHeaders())
			.build());
	}

	/** The request with typed data-point attributes; unchanged when it cannot be read. */
	static byte[] typed(byte[] metricsData) {
		ExportMetricsServiceRequest request;
		try {
			request = ExportMetricsServiceRequest.parseFrom(metricsData);
		}
		catch (InvalidProtocolBufferException ex) {
			return metricsData;
		}
		ExportMetricsServiceRequest.Builder builder = request.toBuilder();
		builder.getResourceMetricsBuilderList()
			.forEach((resource) -> resource.getScopeMetricsBuilderList()
				.forEach((scope) -> scope.getMetricsBuilderList().forEach(TypedMetricAttributesSender::typed)));
		return builder.build().toByteArray();
	}

	private static void typed(Metric.Builder metric) {
		switch (metric.getDataCase()) {
			case GAUGE -> metric.getGaugeBuilder().getDataPointsBuilderList().forEach((point) -> {
				List<KeyValue> attributes = typed(point.getAttributesList());
				point.clearAttributes().addAllAttributes(attributes);
			});
			case SUM -> metric.getSumBuilder().getDataPointsBuilderList().forEach((point) -> {
				List<KeyValue> attributes = typed(point.getAttributesList());
				point.clearAttributes().addAllAttributes(attributes);
			});
			case HISTOGRAM -> metric.getHistogramBuilder().getDataPointsBuilderList().forEach((point) -> {
				List<KeyValue> attributes = typed(point.getAttributesList());
				point.clearAttributes().addAllAttributes(attributes);
			});
			case EXPONENTIAL_HISTOGRAM ->
				metric.getExponentialHistogramBuilder().getDataPointsBuilderList().forEach((point) -> {
					List<KeyValue> attributes = typed(point.getAttributesList());
					point.clearAttributes().addAllAttributes(attributes);
				});
			case SUMMARY -> metric.getSummaryBuilder().getDataPointsBuilderList().forEach((point) -> {
				List<KeyValue> attributes = typed(point.getAttributesList());
				point.clearAttributes().addAllAttributes(attributes);
			});
			default -> {
			}
		}
	}

	private static List<KeyValue> typed(List<KeyValue> attributes) {
		return attributes.stream().map(TypedMetricAttributesSender::typed).toList();
	}

	private static KeyValue typed(KeyValue attribute) {
		SpanAttributeTypes.Type type = SpanAttributeTypes.typeOf(attribute.getKey());
		if (type == null || !attribute.getValue().hasStringValue()) {
			return attribute;
		}
		String value = attribute.getValue().getStringValue().strip();
		AnyValue.Builder typed = AnyValue.newBuilder();
		try {
			switch (type) {
				case LONG -> typed.setIntValue(Long.parseLong(value));
				case DOUBLE -> typed.setDoubleValue(Double.parseDouble(value));
				case BOOLEAN -> {
					if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
						return attribute;
					}
					typed.setBoolValue(Boolean.parseBoolean(value));
				}
				case STRING_ARRAY -> {
					ArrayValue.Builder array = ArrayValue.newBuilder();
					SpanAttributeTypes.elements(value)
						.forEach((element) -> array.addValues(AnyValue.newBuilder().setStringValue(element)));
					typed.setArrayValue(array);
				}
			}
		}
		catch (NumberFormatException ex) {
			return attribute;
		}
		return attribute.toBuilder().setValue(typed).build();
	}

}
