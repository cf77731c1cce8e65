package io.llmplatform.team.quant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShadowComparisonTests {

	@Test
	void agreementIsTheWordOverlapOfTheTwoAnswers() {
		assertThat(ShadowComparison.agreement("The cat sat.", "the CAT sat")).isEqualTo(1.0);
		assertThat(ShadowComparison.agreement("a b c d", "c d e f")).isCloseTo(2.0 / 6, within(1e-9));
		assertThat(ShadowComparison.agreement("alpha", "omega")).isZero();
		assertThat(ShadowComparison.agreement("", "")).isEqualTo(1.0);
	}

}
