package io.llmplatform.simulator.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Decides the answer to a request from the simulator's seed, the model, the prompt and the sampling
 * parameters. Greedy requests ({@code temperature == 0}) always get the same answer to the same prompt,
 * as with a real model; sampled ones get a new answer per request unless the request carries its own
 * {@code seed}, and the sequence of answers is itself fixed by the simulator's seed.
 */
public final class GenerationPlanner {

	private final long seed;

	private final Tokenizer tokenizer;

	private final TextSynthesizer synthesizer;

	public GenerationPlanner(long seed, Tokenizer tokenizer, TextSynthesizer synthesizer) {
		this.seed = seed;
		this.tokenizer = tokenizer;
		this.synthesizer = synthesizer;
	}

	/**
	 * @param requestNumber how many requests this model had before: varies sampled answers
	 */
	public GenerationPlan plan(String model, ModelProfile profile, String prompt, int promptTokens, int maxTokens,
			double temperature, Long requestSeed, long requestNumber) {
		long variation = (temperature <= 0) ? 0 : (requestSeed != null) ? requestSeed : requestNumber;
		long answerSeed = SeedMixer.mix(SeedMixer.mix(SeedMixer.mix(seed, model.hashCode()), prompt.hashCode()), variation);
		SplittableRandom random = new SplittableRandom(answerSeed);
		int natural = profile.minOutputTokens()
				+ random.nextInt(profile.maxOutputTokens() - profile.minOutputTokens() + 1);
		String text = (profile.outputFormat() == OutputFormat.JUDGE_JSON)
				? synthesizer.judgeVerdict(answerSeed, natural) : synthesizer.prose(answerSeed, natural);
		List<String> pieces = tokenizer.pieces(text);
		// The end-of-sequence token would be one more: an answer exactly max_tokens long ends by length, as in vLLM.
		if (pieces.size() >= maxTokens) {
			return new GenerationPlan(promptTokens, List.copyOf(pieces.subList(0, maxTokens)), "length");
		}
		return new GenerationPlan(promptTokens, pieces, "stop");
	}

}
