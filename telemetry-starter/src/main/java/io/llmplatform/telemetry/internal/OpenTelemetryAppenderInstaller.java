package io.llmplatform.telemetry.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Attaches an {@link OpenTelemetryAppender} to the root logger (unless the application's
 * own logback configuration has one) and points it at the context's OpenTelemetry.
 * Internal: not a stable API.
 */
public class OpenTelemetryAppenderInstaller implements SmartInitializingSingleton, DisposableBean {

	static final String APPENDER_NAME = "PLATFORM_OTLP";

	private final OpenTelemetry openTelemetry;

	private OpenTelemetryAppender attached;

	public OpenTelemetryAppenderInstaller(OpenTelemetry openTelemetry) {
		this.openTelemetry = openTelemetry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext loggerContext)) {
			return;
		}
		Logger root = loggerContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (!hasOpenTelemetryAppender(root)) {
			OpenTelemetryAppender appender = new OpenTelemetryAppender();
			appender.setName(APPENDER_NAME);
			appender.setContext(loggerContext);
			appender.setCaptureMdcAttributes(CorrelationIdFilter.CORRELATION_ID);
			appender.start();
			root.addAppender(appender);
			this.attached = appender;
		}
		OpenTelemetryAppender.install(this.openTelemetry);
	}

	private static boolean hasOpenTelemetryAppender(Logger root) {
		for (var it = root.iteratorForAppenders(); it.hasNext();) {
			Appender<ILoggingEvent> appender = it.next();
			if (appender instanceof OpenTelemetryAppender) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void destroy() {
		if (this.attached != null && LoggerFactory.getILoggerFactory() instanceof LoggerContext loggerContext) {
			loggerContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this.attached);
			this.attached.stop();
		}
	}

}
