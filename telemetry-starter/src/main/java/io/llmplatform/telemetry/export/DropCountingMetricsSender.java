package io.llmplatform.telemetry.export;

import io.micrometer.registry.otlp.OtlpMetricsSender;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * Counts the data points of every metrics request its delegate failed to deliver. The
 * failure is not rethrown: Micrometer would only log it again at every step.
 */
public class DropCountingMetricsSender implements OtlpMetricsSender {

	private final OtlpMetricsSender delegate;

	private final DroppedTelemetry dropped;

	public DropCountingMetricsSender(OtlpMetricsSender delegate, DroppedTelemetry dropped) {
		this.delegate = delegate;
		this.dropped = dropped;
	}

	@Override
	public void send(Request request) {
		try {
			this.delegate.send(request);
		}
		catch (Exception ex) {
			this.dropped.dropped("metrics", dataPoints(request.getMetricsData()), ex.toString());
		}
	}

	static long dataPoints(byte[] metricsData) {
		try {
			return ExportMetricsServiceRequest.parseFrom(metricsData)
				.getResourceMetricsList()
				.stream()
				.flatMap((resource) -> resource.getScopeMetricsList().stream())
				.flatMap((scope) -> scope.getMetricsList().stream())
				.mapToLong((metric) -> switch (metric.getDataCase()) {
					case GAUGE -> metric.getGauge().getDataPointsCount();
					case SUM -> metric.getSum().getDataPointsCount();
					case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
					case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
					case SUMMARY -> metric.getSummary().getDataPointsCount();
					default -> 0;
				})
				.sum();
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			return 1;
		}
	}

}
