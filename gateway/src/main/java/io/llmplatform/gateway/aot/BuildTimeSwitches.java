package io.llmplatform.gateway.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.llmplatform.gateway.quota.QuotaConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The properties that decide which beans the gateway has. Spring's ahead-of-time processing evaluates the
 * conditions on properties once, in the build, and a start with {@code -Dspring.aot.enabled=true} keeps the bean
 * graph they chose whatever the properties say then. The build records these switches as it saw them
 * ({@link BuildTimeSwitchesRecorder}), and such a start is refused when one differs
 * ({@link BuildTimeSwitchesCheck}) rather than run with, say, the in-memory quota store where Redis was asked for.
 */
final class BuildTimeSwitches {

	/** Where the build records them, in the gateway's classes. */
	static final String RESOURCE = "META-INF/llmplatform/aot-build-switches.properties";

	/** Each switch and what its conditions take when it is not set. */
	static final Map<String, String> DEFAULTS = defaults();

	private BuildTimeSwitches() {
	}

	private static Map<String, String> defaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		// The Redis store's beans and Boot's Redis auto-configurations.
		defaults.put(QuotaConfiguration.STORE_PROPERTY, "memory");
		// The whole OpenTelemetry SDK (platform.telemetry.otlp.enabled=false sets it).
		defaults.put("otel.sdk.disabled", "false");
		// Whether actuator requests are left out of the server observations.
		defaults.put("platform.telemetry.tracing.actuator", "false");
		return defaults;
	}

	/**
	 * @param environment the application's environment
	 * @return each switch's value there, or its default, as the resource's text
	 */
	static String describe(Environment environment) {
		StringBuilder text = new StringBuilder("# The switches as spring-boot:process-aot saw them.\n");
		current(environment).forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
		return text.toString();
	}

	/**
	 * @param recorded what the build recorded ({@link #describe})
	 * @param environment the environment of this start
	 * @return one line per switch whose value differs, empty when none does
	 */
	static List<String> differences(String recorded, Environment environment) {
		Properties built = new Properties();
		try {
			built.load(new StringReader(recorded));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> differences = new ArrayList<>();
		current(environment).forEach((name, value) -> {
			String atBuild = built.getProperty(name, DEFAULTS.get(name));
			if (!value.equalsIgnoreCase(atBuild)) {
				differences.add(name + " is '" + value + "' here and was '" + atBuild + "' in the build");
			}
		});
		return differences;
	}

	/**
	 * @param classLoader where the gateway's classes are
	 * @return what the build recorded, or {@code null} when it recorded nothing
	 */
	static @Nullable String recorded(@Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : BuildTimeSwitches.class.getClassLoader();
		try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
			return (in != null) ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, String> current(Environment environment) {
		Map<String, String> current = new LinkedHashMap<>();
		DEFAULTS.forEach((name, fallback) -> current.put(name, environment.getProperty(name, fallback).trim()));
		return current;
	}

}
