package io.llmplatform.team.quant;

import java.util.List;

import io.llmplatform.telemetry.catalogue.Description;
import io.llmplatform.telemetry.catalogue.HistogramDocumentation;
import io.llmplatform.telemetry.catalogue.TelemetryCatalogueContributor;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * team-quant's own instruments.
 */
public class QuantCatalogue implements TelemetryCatalogueContributor {

	@Override
	public String title() {
		return "team-quant";
	}

	@Override
	public List<ObservationDocumentation> observations() {
		return List.of();
	}

	@Override
	public List<MeterDocumentation> meters() {
		return List.of(QuantMeters.SHADOW_AGREEMENT, QuantMeters.SHADOW_COMPARISONS);
	}

	/** Shadow comparison against the baseline. */
	public enum QuantMeters implements HistogramDocumentation {

		@Description("Word-overlap agreement (0 to 1) of a quantized answer with the baseline's, per compared request.")
		SHADOW_AGREEMENT {
			@Override
			public String getName() {
				return "quant.shadow.agreement";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.DISTRIBUTION_SUMMARY;
			}

			@Override
			public double[] getBuckets() {
				return new double[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0 };
			}
		},

		@Description("Shadow comparisons by outcome: agree, disagree, error, skipped (queue full, or the service stopping).")
		SHADOW_COMPARISONS {
			@Override
			public String getName() {
				return "quant.shadow.comparisons";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.COUNTER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return new KeyName[] { ShadowKeys.OUTCOME };
			}

			@Override
			public double[] getBuckets() {
				return new double[0];
			}
		}

	}

	/** Labels and span attributes of the shadow comparison. */
	public enum ShadowKeys implements KeyName {

		/** agree, disagree, error or skipped. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/** The agreement score, on the comparison's span. */
		AGREEMENT {
			@Override
			public String asString() {
				return "quant.shadow.agreement";
			}
		}

	}

}
