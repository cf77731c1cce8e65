package io.llmplatform.telemetry.export;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.registry.otlp.OtlpMetricsSender;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricPushFailuresTests {

	/** One gauge point and two histogram points. */
	private static final byte[] THREE_POINTS = ExportMetricsServiceRequest.newBuilder()
		.addResourceMetrics(ResourceMetrics.newBuilder()
			.addScopeMetrics(ScopeMetrics.newBuilder()
				.addMetrics(Metric.newBuilder()
					.setName("jvm.threads.live")
					.setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(12))))
				.addMetrics(Metric.newBuilder()
					.setName("gateway.request.duration")
					.setHistogram(Histogram.newBuilder()
						.addDataPoints(HistogramDataPoint.newBuilder().setCount(3))
						.addDataPoints(HistogramDataPoint.newBuilder().setCount(1))))))
		.build()
		.toByteArray();

	@Test
	void aFailedPushCountsItsDataPointsAndThrowsNothing() {
		MetricPushFailures failures = new MetricPushFailures((request) -> {
			throw new ConnectException("Connection refused");
		});
		failures.send(request(THREE_POINTS));
		failures.send(request(THREE_POINTS));
		assertThat(failures.lost("metrics")).isEqualTo(6);
		assertThat(failures.lost("traces")).isZero();
		assertThat(failures.signals()).containsExactly("metrics");
	}

	@Test
	void aPushThatArrivesLosesNothingAndIsPassedOnAsItIs() {
		List<byte[]> sent = new ArrayList<>();
		MetricPushFailures failures = new MetricPushFailures((request) -> sent.add(request.getMetricsData()));
		failures.send(request(THREE_POINTS));
		assertThat(failures.lost("metrics")).isZero();
		assertThat(sent).containsExactly(THREE_POINTS);
	}

	@Test
	void anUnreadableRequestThatFailsCountsNoPoints() {
		MetricPushFailures failures = new MetricPushFailures((request) -> {
			throw new IOException("refused");
		});
		failures.send(request(new byte[] { (byte) 0xff, 0x01 }));
		assertThat(failures.lost("metrics")).isZero();
	}

	private static OtlpMetricsSender.Request request(byte[] data) {
		return OtlpMetricsSender.Request.builder(data).address("http://127.0.0.1:1/v1/metrics").build();
	}

}
