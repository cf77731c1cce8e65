package io.llmplatform.sagemaker;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.llmplatform.telemetry.catalogue.TelemetryCatalogue;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invoker's metrics are in the telemetry catalogue: documented, and given their buckets.
 */
class SageMakerCatalogueTests {

	@Test
	void contributorIsRegisteredAndDocumentsTheMetrics() {
		TelemetryCatalogue catalogue = TelemetryCatalogue.load();
		assertThat(catalogue.contributors()).hasAtLeastOneElementOfType(SageMakerCatalogue.class);
		String markdown = catalogue.toMarkdown();
		assertThat(markdown).contains(
				"| `sagemaker.invoke.duration` | `sagemaker_invoke_duration_seconds_*` | histogram, s | `endpoint`, `team`, `model_version`, `outcome` |",
				"| `sagemaker.invoke.errors` | `sagemaker_invoke_errors_total` | counter | `endpoint`, `error_type` |",
				"`sagemaker.endpoint`, `model.version`, `team`, `cloud.region`");
	}

	@Test
	void durationHistogramGetsTheCatalogueBuckets() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(TelemetryCatalogue.histogramBuckets());
		Timer timer = Timer.builder("sagemaker.invoke.duration").register(registry);
		timer.record(50, TimeUnit.MILLISECONDS);

		double[] bounds = Arrays.stream(timer.takeSnapshot().histogramCounts())
			.mapToDouble((bucket) -> bucket.bucket(TimeUnit.SECONDS))
			.toArray();
		assertThat(bounds).containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
				40.96, 81.92);
		CountAtBucket at80ms = Arrays.stream(timer.takeSnapshot().histogramCounts())
			.filter((bucket) -> bucket.bucket(TimeUnit.SECONDS) == 0.08)
			.findFirst()
			.orElseThrow();
		assertThat(at80ms.count()).isEqualTo(1);
	}

}
