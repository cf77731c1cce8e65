package io.llmplatform.telemetry.catalogue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.micrometer.observation.docs.ObservationDocumentation;

import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * All spans and metrics declared by the modules on the class path, through their
 * {@link TelemetryCatalogueContributor}s.
 */
public final class TelemetryCatalogue {

	private static final double NANOS_PER_SECOND = 1_000_000_000d;

	private final List<TelemetryCatalogueContributor> contributors;

	private TelemetryCatalogue(List<TelemetryCatalogueContributor> contributors) {
		this.contributors = contributors;
	}

	/**
	 * The catalogue of everything on the class path.
	 * @return the catalogue
	 */
	public static TelemetryCatalogue load() {
		ClassLoader classLoader = TelemetryCatalogue.class.getClassLoader();
		List<TelemetryCatalogueContributor> contributors = new java.util.ArrayList<>(
				SpringFactoriesLoader.forDefaultResourceLocation(classLoader).load(TelemetryCatalogueContributor.class));
		// Class path order differs between machines; the document must not.
		contributors.sort(java.util.Comparator
			.comparing((TelemetryCatalogueContributor contributor) -> !(contributor instanceof StarterCatalogue))
			.thenComparing(TelemetryCatalogueContributor::title));
		return new TelemetryCatalogue(contributors);
	}

	public List<TelemetryCatalogueContributor> contributors() {
		return this.contributors;
	}

	/**
	 * Explicit buckets for every catalogued histogram, so that a scrape and an OTLP export
	 * carry the same boundaries (and Prometheus gets classic {@code _bucket} series).
	 * @return the meter filter
	 */
	public static MeterFilter histogramBuckets() {
		Map<String, HistogramDocumentation> histograms = new LinkedHashMap<>();
		for (TelemetryCatalogueContributor contributor : load().contributors()) {
			for (MeterDocumentation meter : contributor.meters()) {
				if (meter instanceof HistogramDocumentation histogram) {
					histograms.put(histogram.getName(), histogram);
				}
			}
		}
		return new MeterFilter() {

			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				HistogramDocumentation histogram = histograms.get(id.getName());
				if (histogram == null) {
					return config;
				}
				double scale = (id.getType() == Meter.Type.TIMER) ? NANOS_PER_SECOND : 1;
				double[] boundaries = Arrays.stream(histogram.getBuckets()).map((bound) -> bound * scale).toArray();
				return DistributionStatisticConfig.builder().serviceLevelObjectives(boundaries).build().merge(config);
			}

		};
	}

	/**
	 * The catalogue as Markdown: what {@code docs/telemetry.md} must contain.
	 * @return the document
	 */
	public String toMarkdown() {
		StringBuilder out = new StringBuilder();
		out.append("# Telemetry catalogue\n\n");
		out.append("<!-- Generated from the code by TelemetryCatalogue; do not edit. ")
			.append("Regenerate: ./mvnw -B -pl system-tests -am verify -Dtest=TelemetryCatalogueDocumentationTests ")
			.append("-Dsurefire.failIfNoSpecifiedTests=false -Ddocs.write=true -->\n\n");
		out.append("Every series also carries `service_name`, `service_namespace` and `team` (resource attributes on the OTLP ")
			.append("path with `resource_to_telemetry_conversion`, common labels on `/actuator/prometheus`). ")
			.append("Durations are in seconds. Timers recorded through observations also carry Micrometer's `error` label.\n");
		for (TelemetryCatalogueContributor contributor : this.contributors) {
			out.append("\n## ").append(contributor.title()).append("\n");
			if (!contributor.meters().isEmpty()) {
				out.append("\n### Metrics\n\n");
				out.append("| OTel instrument | Prometheus series | type | labels | buckets | description |\n");
				out.append("| --- | --- | --- | --- | --- | --- |\n");
				for (MeterDocumentation meter : contributor.meters()) {
					out.append("| `").append(meter.getName()).append("` | `").append(prometheusName(meter)).append("` | ")
						.append(type(meter)).append(" | ").append(keys(meter.getKeyNames(), true)).append(" | ")
						.append(buckets(meter)).append(" | ").append(contributor.description(meter)).append(" |\n");
				}
			}
			if (!contributor.observations().isEmpty()) {
				out.append("\n### Spans\n\n");
				out.append("| observation | span attributes (metric labels) | span-only attributes | description |\n");
				out.append("| --- | --- | --- | --- |\n");
				for (ObservationDocumentation observation : contributor.observations()) {
					out.append("| `").append(observationName(observation)).append("` | ")
						.append(keys(observation.getLowCardinalityKeyNames(), false)).append(" | ")
						.append(keys(observation.getHighCardinalityKeyNames(), false)).append(" | ")
						.append(contributor.description(observation)).append(" |\n");
				}
			}
		}
		return out.toString();
	}

	/**
	 * The Prometheus name of a meter, as both Micrometer's Prometheus registry and the
	 * collector's OTLP-to-Prometheus translation write it.
	 * @param meter the meter
	 * @return the series name, with {@code _*} for the histogram suffixes
	 */
	public static String prometheusName(MeterDocumentation meter) {
		String base = meter.getName().replace('.', '_');
		return switch (meter.getType()) {
			case TIMER -> base + "_seconds_*";
			case DISTRIBUTION_SUMMARY -> base + "_*";
			case COUNTER -> base + "_total";
			default -> base;
		};
	}

	private static String type(MeterDocumentation meter) {
		return switch (meter.getType()) {
			case TIMER -> "histogram, s";
			case DISTRIBUTION_SUMMARY -> "histogram";
			case COUNTER -> "counter";
			default -> meter.getType().name().toLowerCase();
		};
	}

	private static String buckets(MeterDocumentation meter) {
		if (!(meter instanceof HistogramDocumentation histogram)) {
			return "";
		}
		return Arrays.stream(histogram.getBuckets())
			.mapToObj((bound) -> (bound == Math.rint(bound)) ? String.valueOf((long) bound) : String.valueOf(bound))
			.collect(Collectors.joining(", "));
	}

	private static String keys(KeyName[] keys, boolean asLabels) {
		return Arrays.stream(keys)
			.map(KeyName::asString)
			.map((key) -> "`" + (asLabels ? key.replace('.', '_') : key) + "`")
			.collect(Collectors.joining(", "));
	}

	private static String observationName(ObservationDocumentation observation) {
		if (observation.getName() != null) {
			return observation.getName();
		}
		try {
			return observation.getDefaultConvention().getDeclaredConstructor().newInstance().getName();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot name " + observation, ex);
		}
	}

}
