package io.llmplatform.telemetry.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real OTLP/HTTP receiver on loopback: accepts {@code /v1/traces}, {@code /v1/metrics}
 * and {@code /v1/logs} as protobuf (optionally gzip), decodes them with opentelemetry-proto
 * and keeps what arrived, with the raw bytes. Can be told to hang, to test a slow backend.
 */
public final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();

	private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();

	private final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();

	private final List<byte[]> rawBodies = new CopyOnWriteArrayList<>();

	private volatile CountDownLatch hang = new CountDownLatch(0);

	private OtlpReceiver(HttpServer server) {
		this.server = server;
	}

	public static OtlpReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			OtlpReceiver receiver = new OtlpReceiver(server);
			server.createContext("/", receiver::handle);
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public String endpoint() {
		return "http://127.0.0.1:" + port();
	}

	/** From now on, hold every request without answering until {@link #release()}. */
	public void hang() {
		this.hang = new CountDownLatch(1);
	}

	public void release() {
		this.hang.countDown();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = read(exchange);
			this.hang.await(5, TimeUnit.MINUTES);
			String path = exchange.getRequestURI().getPath();
			this.rawBodies.add(body);
			switch (path) {
				case "/v1/traces" -> this.traces.add(ExportTraceServiceRequest.parseFrom(body));
				case "/v1/metrics" -> this.metrics.add(ExportMetricsServiceRequest.parseFrom(body));
				case "/v1/logs" -> this.logs.add(ExportLogsServiceRequest.parseFrom(body));
				default -> {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
			}
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, 0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static byte[] read(HttpExchange exchange) throws IOException {
		InputStream in = exchange.getRequestBody();
		if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
			in = new GZIPInputStream(in);
		}
		return in.readAllBytes();
	}

	/** Every span received, with its resource. */
	public List<ReceivedSpan> spans() {
		List<ReceivedSpan> spans = new ArrayList<>();
		for (ExportTraceServiceRequest request : this.traces) {
			for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					for (Span span : scopeSpans.getSpansList()) {
						spans.add(new ReceivedSpan(resourceSpans.getResource(), span));
					}
				}
			}
		}
		return spans;
	}

	/** Every metric received, with its resource (one entry per export). */
	public List<ReceivedMetric> metrics() {
		List<ReceivedMetric> result = new ArrayList<>();
		for (ExportMetricsServiceRequest request : this.metrics) {
			for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
				for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
					for (Metric metric : scopeMetrics.getMetricsList()) {
						result.add(new ReceivedMetric(resourceMetrics.getResource(), metric));
					}
				}
			}
		}
		return result;
	}

	/** Every log record received, with its resource. */
	public List<ReceivedLog> logs() {
		List<ReceivedLog> result = new ArrayList<>();
		for (ExportLogsServiceRequest request : this.logs) {
			for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
				for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
					for (LogRecord log : scopeLogs.getLogRecordsList()) {
						result.add(new ReceivedLog(resourceLogs.getResource(), log));
					}
				}
			}
		}
		return result;
	}

	/** All bytes received so far, concatenated, to look for what must never leave the process. */
	public byte[] rawBytes() {
		int size = this.rawBodies.stream().mapToInt((body) -> body.length).sum();
		byte[] all = new byte[size];
		int offset = 0;
		for (byte[] body : this.rawBodies) {
			System.arraycopy(body, 0, all, offset, body.length);
			offset += body.length;
		}
		return all;
	}

	public void clear() {
		this.traces.clear();
		this.metrics.clear();
		this.logs.clear();
		this.rawBodies.clear();
	}

	/**
	 * Polls until {@code condition} holds or {@code timeout} passes.
	 * @return whether the condition held
	 */
	public <T> boolean await(Duration timeout, java.util.function.Supplier<T> source, Predicate<T> condition) {
		try {
			Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> condition.test(source.get()));
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

	public static String attribute(List<KeyValue> attributes, String key) {
		for (KeyValue attribute : attributes) {
			if (attribute.getKey().equals(key)) {
				return asString(attribute.getValue());
			}
		}
		return null;
	}

	/** The value as text; an array's elements joined with {@code ,} (as observation key values carry lists). */
	private static String asString(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case INT_VALUE -> String.valueOf(value.getIntValue());
			case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
			case BOOL_VALUE -> String.valueOf(value.getBoolValue());
			case ARRAY_VALUE -> String.join(",",
					value.getArrayValue().getValuesList().stream().map(OtlpReceiver::asString).toList());
			default -> value.toString();
		};
	}

	public record ReceivedSpan(Resource resource, Span span) {

		public String attribute(String key) {
			return OtlpReceiver.attribute(this.span.getAttributesList(), key);
		}

		public String resourceAttribute(String key) {
			return OtlpReceiver.attribute(this.resource.getAttributesList(), key);
		}

		public String traceId() {
			return hex(this.span.getTraceId().toByteArray());
		}

		public String spanId() {
			return hex(this.span.getSpanId().toByteArray());
		}

		public String parentSpanId() {
			return hex(this.span.getParentSpanId().toByteArray());
		}

	}

	public record ReceivedMetric(Resource resource, Metric metric) {

		public String resourceAttribute(String key) {
			return OtlpReceiver.attribute(this.resource.getAttributesList(), key);
		}

	}

	public record ReceivedLog(Resource resource, LogRecord log) {

		public String traceId() {
			return hex(this.log.getTraceId().toByteArray());
		}

		public String attribute(String key) {
			return OtlpReceiver.attribute(this.log.getAttributesList(), key);
		}

		public String body() {
			return asString(this.log.getBody());
		}

	}

	public static String hex(byte[] bytes) {
		StringBuilder out = new StringBuilder();
		for (byte b : bytes) {
			out.append(String.format("%02x", b));
		}
		return out.toString();
	}

}
