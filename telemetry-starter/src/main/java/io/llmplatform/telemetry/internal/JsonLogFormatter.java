package io.llmplatform.telemetry.internal;

import java.time.Instant;
import java.util.Map;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.llmplatform.telemetry.web.CorrelationIdFilter;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.JsonWriterStructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * One JSON object per log line with the fields the platform's log queries use:
 * {@code timestamp}, {@code level}, {@code logger}, {@code thread}, {@code message},
 * {@code service.name}, {@code team}, {@code trace_id}, {@code span_id},
 * {@code correlation_id} and, when there is one, {@code exception}.
 * <p>
 * Selected through {@code logging.structured.format.console}, which the starter sets
 * unless {@code platform.telemetry.logging.json=false}. Internal: not a stable API.
 */
public class JsonLogFormatter extends JsonWriterStructuredLogFormatter<ILoggingEvent> {

	public JsonLogFormatter(Environment environment, ThrowableProxyConverter throwableProxyConverter) {
		super(JsonWriter.<ILoggingEvent>of((members) -> members(environment, throwableProxyConverter, members))
			.withNewLineAtEnd());
	}

	private static void members(Environment environment, ThrowableProxyConverter throwableProxyConverter,
			JsonWriter.Members<ILoggingEvent> members) {
		String serviceName = ServiceIdentity.serviceName(environment);
		String team = ServiceIdentity.team(environment);
		members.add("timestamp", ILoggingEvent::getInstant).as(Instant::toString);
		members.add("level", (event) -> event.getLevel().toString());
		members.add("logger", ILoggingEvent::getLoggerName);
		members.add("thread", ILoggingEvent::getThreadName);
		members.add("message", ILoggingEvent::getFormattedMessage);
		members.add("service.name", serviceName);
		if (team != null) {
			members.add("team", team);
		}
		members.add("trace_id", (event) -> mdc(event, "traceId")).whenNotNull();
		members.add("span_id", (event) -> mdc(event, "spanId")).whenNotNull();
		members.add("correlation_id", (event) -> mdc(event, CorrelationIdFilter.CORRELATION_ID))
			.whenNotNull();
		members.add("exception", (event) -> event)
			.whenNotNull(ILoggingEvent::getThrowableProxy)
			.as(throwableProxyConverter::convert);
	}

	private static String mdc(ILoggingEvent event, String key) {
		Map<String, String> mdc = event.getMDCPropertyMap();
		return (mdc != null) ? mdc.get(key) : null;
	}

}
