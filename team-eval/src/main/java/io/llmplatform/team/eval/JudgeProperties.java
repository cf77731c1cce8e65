package io.llmplatform.team.eval;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The judge that scores the baseline's answers.
 */
@ConfigurationProperties("platform.team.eval")
public class JudgeProperties {

	/** SageMaker endpoint of the judge model. */
	private String judgeEndpoint = "judge-endpoint";

	/** Rubric given to the judge; it must answer JSON {"score": 1-5, "rationale": "..."}. */
	private String rubric = "Score the answer to the question from 1 (wrong or unhelpful) to 5 (correct, complete "
			+ "and concise). Reply with JSON only: {\"score\": <1-5>, \"rationale\": \"<one sentence>\"}.";

	/** Most tokens the judge may generate. */
	private int judgeMaxTokens = 128;

	public String getJudgeEndpoint() {
		return this.judgeEndpoint;
	}

	public void setJudgeEndpoint(String judgeEndpoint) {
		this.judgeEndpoint = judgeEndpoint;
	}

	public String getRubric() {
		return this.rubric;
	}

	public void setRubric(String rubric) {
		this.rubric = rubric;
	}

	public int getJudgeMaxTokens() {
		return this.judgeMaxTokens;
	}

	public void setJudgeMaxTokens(int judgeMaxTokens) {
		this.judgeMaxTokens = judgeMaxTokens;
	}

}
