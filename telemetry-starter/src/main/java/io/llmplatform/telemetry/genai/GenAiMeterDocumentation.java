package io.llmplatform.telemetry.genai;

import io.llmplatform.genai.DefaultGenAiClientObservationConvention;
import io.llmplatform.genai.GenAiObservationDocumentation;
import io.llmplatform.genai.GenAiTelemetry;
import io.llmplatform.telemetry.catalogue.Description;
import io.llmplatform.telemetry.catalogue.HistogramBuckets;
import io.llmplatform.telemetry.catalogue.HistogramDocumentation;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;

/**
 * The GenAI client metrics of the OpenTelemetry semantic conventions, recorded for every
 * call declared through {@link GenAiTelemetry}.
 */
public enum GenAiMeterDocumentation implements HistogramDocumentation {

	/** Duration of the whole model call, from request to last byte of the answer. */
	@Description("Duration of a model call, from request to the end of the answer.")
	OPERATION_DURATION {
		@Override
		public String getName() {
			return DefaultGenAiClientObservationConvention.OPERATION_DURATION;
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.TIMER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return GenAiObservationDocumentation.LowCardinalityKeys.values();
		}

		@Override
		public double[] getBuckets() {
			return HistogramBuckets.GEN_AI_DURATION_SECONDS;
		}
	},

	/** Tokens used by a call, recorded once per token type ({@code input}, {@code output}). */
	@Description("Tokens used by a model call, once per token type (input, output).")
	TOKEN_USAGE {
		@Override
		public String getName() {
			return "gen_ai.client.token.usage";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.DISTRIBUTION_SUMMARY;
		}

		@Override
		public KeyName[] getKeyNames() {
			return KeyName.merge(GenAiObservationDocumentation.LowCardinalityKeys.values(), TokenKeys.values());
		}

		@Override
		public double[] getBuckets() {
			return HistogramBuckets.TOKENS;
		}
	},

	/** Time from the request until the first chunk of a streamed answer arrived. */
	@Description("Time from the request until the first chunk of a streamed answer.")
	TIME_TO_FIRST_CHUNK {
		@Override
		public String getName() {
			return "gen_ai.client.operation.time_to_first_chunk";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.TIMER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return GenAiObservationDocumentation.LowCardinalityKeys.values();
		}

		@Override
		public double[] getBuckets() {
			return HistogramBuckets.GEN_AI_DURATION_SECONDS;
		}
	};

	/** Labels of the token usage histogram on top of the call's labels. */
	public enum TokenKeys implements KeyName {

		/** {@code input} (prompt) or {@code output} (completion). */
		TOKEN_TYPE {
			@Override
			public String asString() {
				return "gen_ai.token.type";
			}
		}

	}

}
