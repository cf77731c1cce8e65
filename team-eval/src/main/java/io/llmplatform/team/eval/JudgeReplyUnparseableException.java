package io.llmplatform.team.eval;

import io.llmplatform.team.ModelCallException;

/**
 * The judge answered, but not with a score we can read: an explicit error (502, error type
 * {@value #ERROR_TYPE}), not a silent zero.
 */
class JudgeReplyUnparseableException extends ModelCallException {

	static final String ERROR_TYPE = io.llmplatform.genai.ErrorType.JUDGE_REPLY_UNPARSEABLE.value();

	JudgeReplyUnparseableException(String judgeEndpoint) {
		super(judgeEndpoint, ERROR_TYPE, "the judge's reply holds no score from 1 to 5 with a rationale", null);
	}

}
