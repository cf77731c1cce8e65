package io.llmplatform.simulator.engine;

/** What a simulated model writes. */
public enum OutputFormat {

	/** Plain sentences. */
	PROSE,

	/**
	 * A judge's verdict, {@code {"score": 1..5, "rationale": "..."}}, so that an LLM-as-judge caller has
	 * something structured to parse (and a truncated one when {@code max_tokens} cuts it short).
	 */
	JUDGE_JSON

}
