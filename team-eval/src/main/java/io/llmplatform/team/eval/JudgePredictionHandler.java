package io.llmplatform.team.eval;

import java.util.List;

import io.llmplatform.team.ChatTurn;
import io.llmplatform.team.PredictInput;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.PredictionHandler;
import io.llmplatform.team.TeamModels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The baseline answers; the judge scores the answer against the rubric. When the judge's
 * breaker is open, the request is refused before the baseline is asked. The response holds
 * the answer, {@code score}, {@code rationale} and {@code judge}.
 */
@Component
class JudgePredictionHandler implements PredictionHandler {

	private final TeamModels models;

	private final MeterRegistry meters;

	private final JudgeProperties judge;

	JudgePredictionHandler(TeamModels models, MeterRegistry meters, JudgeProperties judge) {
		this.models = models;
		this.meters = meters;
		this.judge = judge;
	}

	@Override
	public Prediction predict(PredictInput input) {
		// No baseline call is spent on an answer that the judge cannot score now.
		this.models.requireAvailable(this.judge.getJudgeEndpoint());
		Prediction answer = this.models.baseline(input);
		String question = input.messages().get(input.messages().size() - 1).content();
		PredictInput judgeInput = new PredictInput(List.of(ChatTurn.system(this.judge.getRubric()),
				ChatTurn.user("Question: " + question + "\nAnswer: " + answer.output())),
				this.judge.getJudgeMaxTokens(), 0.0, false);
		Prediction judged = this.models.endpoint(this.judge.getJudgeEndpoint(), judgeInput);
		JudgeVerdict verdict = JudgeReplyParser.parse(judged.output()).orElseThrow(() -> {
			Counter.builder(EvalCatalogue.EvalMeters.JUDGE_UNPARSEABLE.getName())
				.description("Judge replies without a readable score")
				.register(this.meters)
				.increment();
			return new JudgeReplyUnparseableException(this.judge.getJudgeEndpoint());
		});
		DistributionSummary.builder(EvalCatalogue.EvalHistograms.JUDGE_SCORE.getName())
			.description("Scores the judge gave")
			.register(this.meters)
			.record(verdict.score());
		return new Prediction(answer.output(), answer.model(), answer.modelVersion(), answer.servedBy(),
				answer.usage().plus(judged.usage()), answer.extensions())
			.with("score", verdict.score())
			.with("rationale", verdict.rationale())
			.with("judge", judged.model());
	}

}
