package io.llmplatform.team.finetune;

import java.util.List;

import io.llmplatform.telemetry.catalogue.Description;
import io.llmplatform.telemetry.catalogue.TelemetryCatalogueContributor;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * team-finetune's own instruments.
 */
public class FinetuneCatalogue implements TelemetryCatalogueContributor {

	@Override
	public String title() {
		return "team-finetune";
	}

	@Override
	public List<ObservationDocumentation> observations() {
		return List.of();
	}

	@Override
	public List<MeterDocumentation> meters() {
		return List.of(FinetuneMeters.FALLBACKS);
	}

	/** Baseline fallback. */
	public enum FinetuneMeters implements MeterDocumentation {

		@Description("Requests answered by the baseline because the fine-tuned endpoint failed, by reason (the endpoint's error type).")
		FALLBACKS {
			@Override
			public String getName() {
				return "finetune.fallbacks";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.COUNTER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return FallbackKeys.values();
			}
		}

	}

	/** Labels of the fallback counter. */
	public enum FallbackKeys implements KeyName {

		/** timeout, throttled, model_error, unavailable, internal, circuit_open, ... */
		REASON {
			@Override
			public String asString() {
				return "reason";
			}
		}

	}

}
