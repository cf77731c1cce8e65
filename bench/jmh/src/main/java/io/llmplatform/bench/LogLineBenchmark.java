package io.llmplatform.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.llmplatform.telemetry.internal.JsonLogFormatter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.json.JsonWriter;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The gateway's access line as the console appender encodes it, once per request:
 * {@link JsonLogFormatter} against its baseline, the same members written through Spring
 * Boot's {@code JsonWriter} (the formatter before it wrote its own JSON).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx256m" })
public class LogLineBenchmark {

	private JsonLogFormatter formatter;

	private JsonWriter<ILoggingEvent> springBootJsonWriter;

	private LoggingEvent accessLine;

	@Setup
	public void setUp() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("benchmark",
					Map.of("spring.application.name", "gateway", "platform.telemetry.team", "platform")));
		LoggerContext context = new LoggerContext();
		ThrowableProxyConverter throwables = new ThrowableProxyConverter();
		throwables.setContext(context);
		throwables.start();
		this.formatter = new JsonLogFormatter(environment, throwables);
		this.springBootJsonWriter = JsonWriter.<ILoggingEvent>of((members) -> {
			members.add("timestamp", ILoggingEvent::getInstant).as(Instant::toString);
			members.add("level", (event) -> event.getLevel().toString());
			members.add("logger", ILoggingEvent::getLoggerName);
			members.add("thread", ILoggingEvent::getThreadName);
			members.add("message", ILoggingEvent::getFormattedMessage);
			members.add("service.name", "gateway");
			members.add("team", "platform");
			members.add("trace_id", (event) -> event.getMDCPropertyMap().get("traceId")).whenNotNull();
			members.add("span_id", (event) -> event.getMDCPropertyMap().get("spanId")).whenNotNull();
			members.add("correlation_id", (event) -> event.getMDCPropertyMap().get("correlation_id")).whenNotNull();
			members.add("exception", (event) -> event)
				.whenNotNull(ILoggingEvent::getThrowableProxy)
				.as(throwables::convert);
		}).withNewLineAtEnd();
		this.accessLine = new LoggingEvent();
		this.accessLine.setLoggerContext(context);
		this.accessLine.setLoggerName("io.llmplatform.gateway.observation.ApiRequestTelemetryHandler");
		this.accessLine.setLevel(Level.INFO);
		this.accessLine.setThreadName("reactor-http-epoll-2");
		this.accessLine.setMessage("{} {} -> {} (team {})");
		this.accessLine.setArgumentArray(new Object[] { "POST", "/api/quant/predict", "200", "quant" });
		this.accessLine.setInstant(Instant.parse("2026-12-02T17:09:44.123456789Z"));
		this.accessLine.setMDCPropertyMap(Map.of("traceId", "0af7651916cd43dd8448eb211c80319c", "spanId",
				"b7ad6b7169203331", "correlation_id", "9f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"));
	}

	@Benchmark
	public byte[] baselineSpringBootJsonWriter() {
		return this.springBootJsonWriter.write(this.accessLine).toByteArray(StandardCharsets.UTF_8);
	}

	@Benchmark
	public byte[] jsonLogFormatter() {
		return this.formatter.formatAsBytes(this.accessLine, StandardCharsets.UTF_8);
	}

}
