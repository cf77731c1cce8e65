package io.llmplatform.team.eval;

/**
 * What the judge decided.
 *
 * @param score 1 (worst) to 5 (best)
 * @param rationale the judge's reason, one sentence
 */
record JudgeVerdict(int score, String rationale) {

	static final int MIN_SCORE = 1;

	static final int MAX_SCORE = 5;

}
