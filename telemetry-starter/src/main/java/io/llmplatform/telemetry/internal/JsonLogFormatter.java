package io.llmplatform.telemetry.internal;

import java.nio.charset.Charset;
import java.util.Map;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.llmplatform.genai.JsonStrings;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * One JSON object per log line with the fields the platform's log queries use:
 * {@code timestamp}, {@code level}, {@code logger}, {@code thread}, {@code message},
 * {@code service.name}, {@code team}, {@code trace_id}, {@code span_id},
 * {@code correlation_id} and, when there is one, {@code exception}.
 * <p>
 * Selected through {@code logging.structured.format.console}, which the starter sets
 * unless {@code platform.telemetry.logging.json=false}. Internal: not a stable API.
 * <p>
 * Written straight into one buffer rather than through Spring Boot's {@code JsonWriter}:
 * the gateway writes a line per request, and the general writer (a member list walked per
 * event, value processors, a string made and then encoded) was about half of that line's
 * cost in the benchmark's profile (docs/BENCHMARKS.md).
 */
public class JsonLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

	/** The members that are the same on every line, already written: {@code ,"service.name":...}. */
	private final String serviceMembers;

	private final ThrowableProxyConverter throwableProxyConverter;

	public JsonLogFormatter(Environment environment, ThrowableProxyConverter throwableProxyConverter) {
		StringBuilder members = new StringBuilder();
		member(members, "service.name", ServiceIdentity.serviceName(environment));
		String team = ServiceIdentity.team(environment);
		if (team != null) {
			member(members, "team", team);
		}
		this.serviceMembers = members.toString();
		this.throwableProxyConverter = throwableProxyConverter;
	}

	@Override
	public String format(ILoggingEvent event) {
		return json(event).toString();
	}

	@Override
	public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
		return format(event).getBytes(charset);
	}

	private StringBuilder json(ILoggingEvent event) {
		StringBuilder json = new StringBuilder(256);
		json.append("{\"timestamp\":\"").append(event.getInstant()).append('"');
		member(json, "level", event.getLevel().toString());
		member(json, "logger", event.getLoggerName());
		member(json, "thread", event.getThreadName());
		member(json, "message", event.getFormattedMessage());
		json.append(this.serviceMembers);
		Map<String, String> mdc = event.getMDCPropertyMap();
		if (mdc != null && !mdc.isEmpty()) {
			memberIfPresent(json, "trace_id", mdc.get("traceId"));
			memberIfPresent(json, "span_id", mdc.get("spanId"));
			memberIfPresent(json, "correlation_id", mdc.get(CorrelationIdFilter.CORRELATION_ID));
		}
		if (event.getThrowableProxy() != null) {
			member(json, "exception", this.throwableProxyConverter.convert(event));
		}
		return json.append("}\n");
	}

	private static void memberIfPresent(StringBuilder json, String name, @Nullable String value) {
		if (value != null) {
			member(json, name, value);
		}
	}

	/** {@code ,"name":"value"} (every member but the first, the timestamp); {@code null} is written as JSON null. */
	private static void member(StringBuilder json, String name, @Nullable String value) {
		json.append(",\"").append(name).append("\":");
		if (value == null) {
			json.append("null");
			return;
		}
		JsonStrings.appendQuoted(json, value);
	}

}
