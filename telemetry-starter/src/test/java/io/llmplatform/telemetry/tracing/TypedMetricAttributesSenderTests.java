package io.llmplatform.telemetry.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.registry.otlp.OtlpMetricsSender;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TypedMetricAttributesSenderTests {

	@Test
	void numbersLeaveAsNumbersAndTheRestIsUntouched() throws Exception {
		List<OtlpMetricsSender.Request> sent = new ArrayList<>();
		TypedMetricAttributesSender sender = new TypedMetricAttributesSender(sent::add);
		sender.send(OtlpMetricsSender.Request.builder(request(point("200", "8101"), point("UNKNOWN", "x")))
			.address("http://127.0.0.1:4318/v1/metrics")
			.headers(Map.of("authorization", "secret"))
			.build());
		assertThat(sent).singleElement().satisfies((request) -> {
			assertThat(request.getAddress()).isEqualTo("http://127.0.0.1:4318/v1/metrics");
			assertThat(request.getHeaders()).containsEntry("authorization", "secret");
			List<HistogramDataPoint> points = ExportMetricsServiceRequest.parseFrom(request.getMetricsData())
				.getResourceMetrics(0)
				.getScopeMetrics(0)
				.getMetrics(0)
				.getHistogram()
				.getDataPointsList();
			assertThat(value(points.get(0), "http.response.status_code").getIntValue()).isEqualTo(200);
			assertThat(value(points.get(0), "server.port").getIntValue()).isEqualTo(8101);
			assertThat(value(points.get(0), "http.request.method").getStringValue()).isEqualTo("POST");
			assertThat(value(points.get(1), "http.response.status_code").getStringValue())
				.as("a value that is not a number keeps the label set")
				.isEqualTo("UNKNOWN");
		});
	}

	private static byte[] request(HistogramDataPoint... points) {
		return ExportMetricsServiceRequest.newBuilder()
			.addResourceMetrics(ResourceMetrics.newBuilder()
				.addScopeMetrics(ScopeMetrics.newBuilder()
					.addMetrics(Metric.newBuilder()
						.setName("http.client.request.duration")
						.setHistogram(Histogram.newBuilder().addAllDataPoints(List.of(points))))))
			.build()
			.toByteArray();
	}

	private static HistogramDataPoint point(String status, String port) {
		return HistogramDataPoint.newBuilder()
			.addAttributes(string("http.request.method", "POST"))
			.addAttributes(string("http.response.status_code", status))
			.addAttributes(string("server.port", port))
			.build();
	}

	private static KeyValue string(String key, String value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
	}

	private static AnyValue value(HistogramDataPoint point, String key) {
		return point.getAttributesList()
			.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.findFirst()
			.orElseThrow()
			.getValue();
	}

}
