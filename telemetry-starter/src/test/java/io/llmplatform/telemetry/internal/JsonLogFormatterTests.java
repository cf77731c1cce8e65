package io.llmplatform.telemetry.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.json.JsonWriter;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log line against Spring Boot's {@code JsonWriter} writing the same members (what the
 * formatter was built on before): the same JSON for every kind of text, and the members in
 * the same order.
 */
class JsonLogFormatterTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final LoggerContext loggers = new LoggerContext();

	private final ThrowableProxyConverter throwables = throwableProxyConverter();

	static Stream<String> messages() {
		return Stream.of("POST /api/quant/predict -> 200 (team quant)", "", "quote \" and backslash \\ and slash /",
				"lines\nand\r\nreturns\tand tabs", "control \u0000 \u0001 \u001f \u007f \b \f", "unicode é ü 漢字 😀",
				"a lone surrogate \ud800 end", "{\"looks\":\"like json\"}");
	}

	@ParameterizedTest
	@MethodSource("messages")
	void writesWhatSpringBootsJsonWriterWrites(String message) {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "gate\"way")
			.withProperty("platform.telemetry.team", "quant");
		LoggingEvent event = event(message, Map.of("traceId", "0af7651916cd43dd8448eb211c80319c", "spanId",
				"b7ad6b7169203331", CorrelationIdFilter.CORRELATION_ID, "corr-" + message));
		String line = new String(new JsonLogFormatter(environment, this.throwables).formatAsBytes(event,
				StandardCharsets.UTF_8), StandardCharsets.UTF_8);
		// Both as they reach the console: encoded (a lone surrogate becomes '?' either way).
		String reference = new String(reference(environment).writeToString(event).getBytes(StandardCharsets.UTF_8),
				StandardCharsets.UTF_8);
		assertThat(line).endsWith("}\n");
		assertThat(json.readTree(line)).isEqualTo(json.readTree(reference));
		assertThat(fieldNames(line)).isEqualTo(fieldNames(reference));
	}

	@Test
	void leavesOutWhatTheEventDoesNotHave() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "gateway");
		LoggingEvent event = event("no context", Map.of());
		String line = new JsonLogFormatter(environment, this.throwables).format(event);
		assertThat(fieldNames(line)).isEqualTo("timestamp level logger thread message service.name");
		assertThat(json.readTree(line)).isEqualTo(json.readTree(reference(environment).writeToString(event)));
	}

	@Test
	void writesTheExceptionWithItsStackTrace() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "gateway");
		LoggingEvent event = event("failed", Map.of("traceId", "0af7651916cd43dd8448eb211c80319c"));
		event.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(
				new IllegalStateException("broken \"on purpose\"\n second line")));
		String line = new JsonLogFormatter(environment, this.throwables).format(event);
		JsonNode tree = json.readTree(line);
		assertThat(tree.get("exception").asString()).contains("IllegalStateException: broken \"on purpose\"")
			.contains("at io.llmplatform.telemetry.internal.JsonLogFormatterTests");
		assertThat(tree).isEqualTo(json.readTree(reference(environment).writeToString(event)));
	}

	private static LoggingEvent event(String message, Map<String, String> mdc) {
		LoggingEvent event = new LoggingEvent();
		event.setLoggerContext(loggers);
		event.setLoggerName("io.llmplatform.Some\"Logger");
		event.setLevel(Level.INFO);
		event.setThreadName("reactor-http-epoll-1");
		event.setMessage(message);
		event.setInstant(Instant.parse("2026-12-02T16:59:45.123456Z"));
		event.setMDCPropertyMap(mdc);
		return event;
	}

	private static String fieldNames(String line) {
		StringBuilder names = new StringBuilder();
		json.readTree(line).propertyNames().forEach((name) -> names.append(names.isEmpty() ? "" : " ").append(name));
		return names.toString();
	}

	/** The members as the formatter wrote them with Spring Boot's JsonWriter. */
	private JsonWriter<ILoggingEvent> reference(MockEnvironment environment) {
		return JsonWriter.<ILoggingEvent>of((members) -> {
			members.add("timestamp", ILoggingEvent::getInstant).as(Instant::toString);
			members.add("level", (event) -> event.getLevel().toString());
			members.add("logger", ILoggingEvent::getLoggerName);
			members.add("thread", ILoggingEvent::getThreadName);
			members.add("message", ILoggingEvent::getFormattedMessage);
			members.add("service.name", ServiceIdentity.serviceName(environment));
			String team = ServiceIdentity.team(environment);
			if (team != null) {
				members.add("team", team);
			}
			members.add("trace_id", (event) -> event.getMDCPropertyMap().get("traceId")).whenNotNull();
			members.add("span_id", (event) -> event.getMDCPropertyMap().get("spanId")).whenNotNull();
			members.add("correlation_id", (event) -> event.getMDCPropertyMap().get(CorrelationIdFilter.CORRELATION_ID))
				.whenNotNull();
			members.add("exception", (event) -> event)
				.whenNotNull(ILoggingEvent::getThrowableProxy)
				.as(this.throwables::convert);
		}).withNewLineAtEnd();
	}

	private static ThrowableProxyConverter throwableProxyConverter() {
		ThrowableProxyConverter converter = new ThrowableProxyConverter();
		converter.setContext(loggers);
		converter.start();
		return converter;
	}

}
