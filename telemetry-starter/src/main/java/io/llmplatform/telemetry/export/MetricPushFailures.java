package io.llmplatform.telemetry.export;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.registry.otlp.OtlpMetricsSender;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/**
 * Micrometer's OTLP push with its failures counted instead of thrown: a push that fails (the
 * receiver unreachable, refusing or too slow) loses its data points, counted as the
 * {@code metrics} signal of {@link DroppedTelemetry}, which reports them with spans and log
 * records. Thrown, each failure would be a warning with a stack trace at every step.
 */
public class MetricPushFailures implements OtlpMetricsSender, LostTelemetryCounter {

	static final String SIGNAL = "metrics";

	private final OtlpMetricsSender delegate;

	private final AtomicLong lostDataPoints = new AtomicLong();

	public MetricPushFailures(OtlpMetricsSender delegate) {
		this.delegate = delegate;
	}

	@Override
	public void send(Request request) {
		try {
			this.delegate.send(request);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			this.lostDataPoints.addAndGet(dataPoints(request.getMetricsData()));
		}
	}

	@Override
	public List<String> signals() {
		return List.of(SIGNAL);
	}

	@Override
	public long lost(String signal) {
		return SIGNAL.equals(signal) ? this.lostDataPoints.get() : 0;
	}

	/** The data points of an export request; none when it cannot be read. */
	static long dataPoints(byte[] metricsData) {
		ExportMetricsServiceRequest request;
		try {
			request = ExportMetricsServiceRequest.parseFrom(metricsData);
		}
		catch (InvalidProtocolBufferException ex) {
			return 0;
		}
		long points = 0;
		for (ResourceMetrics resource : request.getResourceMetricsList()) {
			for (ScopeMetrics scope : resource.getScopeMetricsList()) {
				for (Metric metric : scope.getMetricsList()) {
					points += dataPoints(metric);
				}
			}
		}
		return points;
	}

	private static int dataPoints(Metric metric) {
		return switch (metric.getDataCase()) {
			case GAUGE -> metric.getGauge().getDataPointsCount();
			case SUM -> metric.getSum().getDataPointsCount();
			case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
			case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
			case SUMMARY -> metric.getSummary().getDataPointsCount();
			case DATA_NOT_SET -> 0;
		};
	}

}
