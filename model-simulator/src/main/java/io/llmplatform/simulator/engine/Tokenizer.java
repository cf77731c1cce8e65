package io.llmplatform.simulator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic stand-in for a real tokenizer: a run of letters is one token, a run of digits is one
 * token, every other visible character is a token of its own; whitespace belongs to the token after it.
 * Real BPE tokenizers give roughly 1.3 tokens per English word, this gives 1; what matters for the
 * simulator is that prompt and completion counts are stable and can be recomputed by a test.
 */
public final class Tokenizer {

	/** Number of tokens in {@code text}. */
	public int count(String text) {
		int count = 0;
		int i = 0;
		int length = text.length();
		while (i < length) {
			char c = text.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
				continue;
			}
			i = endOfToken(text, i);
			count++;
		}
		return count;
	}

	/**
	 * The text cut into tokens, each carrying the whitespace before it, so that joining the pieces gives
	 * back the text (less trailing whitespace). Streaming sends one piece per chunk.
	 */
	public List<String> pieces(String text) {
		List<String> pieces = new ArrayList<>();
		int start = 0;
		int i = 0;
		int length = text.length();
		while (i < length) {
			if (Character.isWhitespace(text.charAt(i))) {
				i++;
				continue;
			}
			i = endOfToken(text, i);
			pieces.add(text.substring(start, i));
			start = i;
		}
		return pieces;
	}

	private static int endOfToken(String text, int start) {
		char first = text.charAt(start);
		int i = start + 1;
		if (Character.isLetter(first)) {
			while (i < text.length() && Character.isLetter(text.charAt(i))) {
				i++;
			}
		}
		else if (Character.isDigit(first)) {
			while (i < text.length() && Character.isDigit(text.charAt(i))) {
				i++;
			}
		}
		return i;
	}

}
