package io.llmplatform.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A small parser of the Prometheus text format (0.0.4) for tests: samples with their labels, comments
 * skipped. Strict on syntax so that a malformed line from the simulator fails the test.
 */
final class PrometheusTextParser {

	record Sample(String name, Map<String, String> labels, double value) {
	}

	private final List<Sample> samples;

	private PrometheusTextParser(List<Sample> samples) {
		this.samples = samples;
	}

	static PrometheusTextParser parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			samples.add(parseLine(line));
		}
		return new PrometheusTextParser(samples);
	}

	private static Sample parseLine(String line) {
		int brace = line.indexOf('{');
		int space;
		String name;
		Map<String, String> labels = new LinkedHashMap<>();
		if (brace >= 0) {
			name = line.substring(0, brace);
			int i = brace + 1;
			while (line.charAt(i) != '}') {
				int eq = line.indexOf('=', i);
				String key = line.substring(i, eq);
				if (line.charAt(eq + 1) != '"') {
					throw new IllegalArgumentException("Unquoted label value: " + line);
				}
				StringBuilder value = new StringBuilder();
				int j = eq + 2;
				while (line.charAt(j) != '"') {
					char c = line.charAt(j);
					if (c == '\\') {
						char next = line.charAt(++j);
						value.append(next == 'n' ? '\n' : next);
					}
					else {
						value.append(c);
					}
					j++;
				}
				labels.put(key, value.toString());
				i = j + 1;
				if (line.charAt(i) == ',') {
					i++;
				}
			}
			space = i + 1;
			if (line.charAt(space) != ' ') {
				throw new IllegalArgumentException("No space before value: " + line);
			}
		}
		else {
			space = line.indexOf(' ');
			name = line.substring(0, space);
		}
		if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
			throw new IllegalArgumentException("Bad metric name: " + line);
		}
		String rawValue = line.substring(space + 1).trim();
		double value = switch (rawValue) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(rawValue);
		};
		return new Sample(name, labels, value);
	}

	List<Sample> samples() {
		return samples;
	}

	/** The value of the one sample with that name whose labels include {@code labels}. */
	OptionalDouble value(String name, Map<String, String> labels) {
		List<Sample> matches = samples.stream()
			.filter(sample -> sample.name().equals(name))
			.filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
			.toList();
		if (matches.size() > 1) {
			throw new IllegalStateException(matches.size() + " samples match " + name + labels);
		}
		return matches.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matches.get(0).value());
	}

	double require(String name, Map<String, String> labels) {
		return value(name, labels).orElseThrow(() -> new AssertionError("No sample " + name + labels));
	}

}
