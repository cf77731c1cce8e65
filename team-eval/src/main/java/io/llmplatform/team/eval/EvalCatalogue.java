package io.llmplatform.team.eval;

import java.util.List;

import io.llmplatform.telemetry.catalogue.Description;
import io.llmplatform.telemetry.catalogue.HistogramDocumentation;
import io.llmplatform.telemetry.catalogue.TelemetryCatalogueContributor;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * team-eval's own instruments.
 */
public class EvalCatalogue implements TelemetryCatalogueContributor {

	@Override
	public String title() {
		return "team-eval";
	}

	@Override
	public List<ObservationDocumentation> observations() {
		return List.of();
	}

	@Override
	public List<MeterDocumentation> meters() {
		return List.of(EvalHistograms.JUDGE_SCORE, EvalMeters.JUDGE_UNPARSEABLE);
	}

	/** The judge's scores. */
	public enum EvalHistograms implements HistogramDocumentation {

		@Description("Scores (1 to 5) the judge gave the baseline's answers.")
		JUDGE_SCORE {
			@Override
			public String getName() {
				return "eval.judge.score";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.DISTRIBUTION_SUMMARY;
			}

			@Override
			public double[] getBuckets() {
				return new double[] { 1, 2, 3, 4, 5 };
			}
		}

	}

	/** Judge failures. */
	public enum EvalMeters implements MeterDocumentation {

		@Description("Judge replies that held no readable score; each became a 502 with error type judge_reply_unparseable.")
		JUDGE_UNPARSEABLE {
			@Override
			public String getName() {
				return "eval.judge.unparseable";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.COUNTER;
			}
		}

	}

}
