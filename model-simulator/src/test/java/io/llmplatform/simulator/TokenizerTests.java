package io.llmplatform.simulator;

import org.junit.jupiter.api.Test;

import io.llmplatform.simulator.engine.Tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerTests {

	private final Tokenizer tokenizer = new Tokenizer();

	@Test
	void wordsNumbersAndPunctuationAreTokens() {
		assertThat(tokenizer.count("Hello, world! It's 2026.")).isEqualTo(9);
		assertThat(tokenizer.count("")).isZero();
		assertThat(tokenizer.count("   \n\t ")).isZero();
		assertThat(tokenizer.count("<|user|>")).isEqualTo(5);
	}

	@Test
	void piecesCarryTheirLeadingWhitespaceAndJoinBackToTheText() {
		String text = "A model, in  short: 42 tokens.";

		assertThat(tokenizer.pieces(text)).containsExactly("A", " model", ",", " in", "  short", ":", " 42", " tokens", ".");
		assertThat(String.join("", tokenizer.pieces(text))).isEqualTo(text);
		assertThat(tokenizer.pieces(text)).hasSize(tokenizer.count(text));
	}

}
