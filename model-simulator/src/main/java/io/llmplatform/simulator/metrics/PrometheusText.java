package io.llmplatform.simulator.metrics;

import java.util.Map;

/**
 * Writes the Prometheus text exposition format 0.0.4, as the Python client that vLLM uses writes it
 * (HELP and TYPE lines under the sample name, counters ending in {@code _total}, float values).
 */
public final class PrometheusText {

	public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

	private final StringBuilder out = new StringBuilder(16 * 1024);

	public PrometheusText family(String name, String type, String help) {
		out.append("# HELP ").append(name).append(' ').append(help).append('\n');
		out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
		return this;
	}

	public PrometheusText sample(String name, Map<String, String> labels, double value) {
		out.append(name);
		appendLabels(labels, null, null);
		out.append(' ').append(format(value)).append('\n');
		return this;
	}

	/** The {@code _bucket}, {@code _count} and {@code _sum} samples of one histogram series. */
	public PrometheusText histogram(String name, Map<String, String> labels, Histogram histogram) {
		double[] bounds = histogram.upperBounds();
		long[] counts = histogram.bucketCounts();
		long total = histogram.count();
		double sum = histogram.sum();
		long cumulative = 0;
		for (int i = 0; i < bounds.length; i++) {
			cumulative += counts[i];
			out.append(name).append("_bucket");
			appendLabels(labels, "le", format(bounds[i]));
			out.append(' ').append(format(cumulative)).append('\n');
		}
		out.append(name).append("_bucket");
		appendLabels(labels, "le", "+Inf");
		out.append(' ').append(format(total)).append('\n');
		out.append(name).append("_count");
		appendLabels(labels, null, null);
		out.append(' ').append(format(total)).append('\n');
		out.append(name).append("_sum");
		appendLabels(labels, null, null);
		out.append(' ').append(format(sum)).append('\n');
		return this;
	}

	@Override
	public String toString() {
		return out.toString();
	}

	private void appendLabels(Map<String, String> labels, String extraName, String extraValue) {
		if (labels.isEmpty() && extraName == null) {
			return;
		}
		out.append('{');
		boolean first = true;
		for (Map.Entry<String, String> label : labels.entrySet()) {
			if (!first) {
				out.append(',');
			}
			out.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
			first = false;
		}
		if (extraName != null) {
			if (!first) {
				out.append(',');
			}
			out.append(extraName).append("=\"").append(extraValue).append('"');
		}
		out.append('}');
	}

	static String format(double value) {
		if (Double.isInfinite(value)) {
			return value > 0 ? "+Inf" : "-Inf";
		}
		return Double.toString(value);
	}

	private static String escape(String value) {
		if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
			return value;
		}
		return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
	}

}
