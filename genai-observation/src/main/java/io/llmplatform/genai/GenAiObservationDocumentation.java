package io.llmplatform.genai;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The GenAI client call, following the OpenTelemetry GenAI semantic conventions: one CLIENT
 * span per model call, named {@code {gen_ai.operation.name} {gen_ai.request.model}}, and the
 * {@code gen_ai.client.operation.duration} histogram.
 */
public enum GenAiObservationDocumentation implements ObservationDocumentation {

	/** A call to a generative model (chat, text completion, ...) from this process. */
	CLIENT_OPERATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultGenAiClientObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeys.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeys.values();
		}

	};

	/** Span attributes that are also metric labels. */
	public enum LowCardinalityKeys implements KeyName {

		/** The operation requested: {@code chat}, {@code text_completion}, {@code embeddings}, ... */
		OPERATION_NAME {
			@Override
			public String asString() {
				return "gen_ai.operation.name";
			}
		},

		/** The model provider: {@code aws.sagemaker}, {@code vllm}, ... */
		PROVIDER_NAME {
			@Override
			public String asString() {
				return "gen_ai.provider.name";
			}
		},

		/** The model the request asked for (for SageMaker: the endpoint's model). */
		REQUEST_MODEL {
			@Override
			public String asString() {
				return "gen_ai.request.model";
			}
		},

		/** Why the call failed ({@code timeout}, {@code throttled}, an exception class, ...); empty on success. */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		}

	}

	/** Span-only attributes. */
	public enum HighCardinalityKeys implements KeyName {

		/** Tokens in the prompt, as the model reported them. */
		USAGE_INPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.input_tokens";
			}
		},

		/** Tokens generated, as the model reported them. */
		USAGE_OUTPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.output_tokens";
			}
		},

		/** Why generation stopped, one entry per choice (e.g. {@code stop}, {@code length}). */
		RESPONSE_FINISH_REASONS {
			@Override
			public String asString() {
				return "gen_ai.response.finish_reasons";
			}
		},

		/** The model that answered, when the response names it. */
		RESPONSE_MODEL {
			@Override
			public String asString() {
				return "gen_ai.response.model";
			}
		},

		/** The requested maximum number of tokens to generate. */
		REQUEST_MAX_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.request.max_tokens";
			}
		},

		/** The requested sampling temperature. */
		REQUEST_TEMPERATURE {
			@Override
			public String asString() {
				return "gen_ai.request.temperature";
			}
		},

		/**
		 * The messages sent, JSON of the GenAI message shape ({@link GenAiMessages}); recorded only
		 * when content capture is on ({@code platform.telemetry.gen-ai.capture-content=true}).
		 */
		INPUT_MESSAGES {
			@Override
			public String asString() {
				return "gen_ai.input.messages";
			}
		},

		/**
		 * The answer, JSON of the GenAI message shape with {@code finish_reason}; recorded only when
		 * content capture is on.
		 */
		OUTPUT_MESSAGES {
			@Override
			public String asString() {
				return "gen_ai.output.messages";
			}
		}

	}

}
