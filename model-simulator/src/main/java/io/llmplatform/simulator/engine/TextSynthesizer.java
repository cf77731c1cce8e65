package io.llmplatform.simulator.engine;

import java.util.SplittableRandom;

/**
 * Writes deterministic filler text: the same seed always gives the same words. Words are letters only
 * and punctuation is single characters, so {@link Tokenizer} counts exactly the tokens written.
 */
public final class TextSynthesizer {

	private static final String[] WORDS = { "the", "model", "answer", "is", "based", "on", "data", "we",
			"observe", "that", "latency", "tokens", "request", "result", "value", "system", "shows", "a",
			"clear", "trend", "in", "terms", "of", "quality", "and", "cost", "this", "suggests", "further",
			"analysis", "would", "help", "output", "remains", "stable", "under", "load", "prompt", "context",
			"signal", "evidence", "supports", "summary", "overall", "response", "precise", "useful", "for",
			"users", "with", "small", "risk", "each", "step", "follows", "from", "previous", "one", "it", "can",
			"be", "reviewed", "later", "again" };

	/** Prose of exactly {@code tokens} tokens. */
	public String prose(long seed, int tokens) {
		SplittableRandom random = new SplittableRandom(seed);
		StringBuilder text = new StringBuilder(tokens * 7);
		int written = 0;
		int wordsInSentence = 0;
		boolean sentenceStart = true;
		boolean afterComma = false;
		while (written < tokens) {
			int left = tokens - written;
			boolean endSentence = !afterComma && wordsInSentence >= 5 && (left == 1 || random.nextInt(8) == 0);
			if (endSentence) {
				text.append('.');
				written++;
				wordsInSentence = 0;
				sentenceStart = true;
				continue;
			}
			if (!afterComma && wordsInSentence >= 3 && left > 2 && random.nextInt(10) == 0) {
				text.append(',');
				written++;
				afterComma = true;
				continue;
			}
			afterComma = false;
			String word = WORDS[random.nextInt(WORDS.length)];
			if (text.length() > 0) {
				text.append(' ');
			}
			if (sentenceStart) {
				text.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
				sentenceStart = false;
			}
			else {
				text.append(word);
			}
			written++;
			wordsInSentence++;
		}
		return text.toString();
	}

	/** A judge verdict whose rationale has {@code rationaleTokens} tokens. */
	public String judgeVerdict(long seed, int rationaleTokens) {
		int score = 1 + (int) Math.floorMod(seed ^ (seed >>> 29), 5L);
		return "{\"score\": " + score + ", \"rationale\": \"" + prose(seed, Math.max(1, rationaleTokens)) + "\"}";
	}

}
