package io.llmplatform.team.eval;

import java.util.List;
import java.util.Map;

import io.llmplatform.team.ChatTurn;
import io.llmplatform.team.ModelCallException;
import io.llmplatform.team.PredictInput;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.TeamModels;
import io.llmplatform.team.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JudgePredictionHandlerTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void answersWithTheBaselinesOutputAndTheJudgesVerdict() {
		JudgePredictionHandler handler = handler("Sure: {\"score\": 4, \"rationale\": \"Correct and short.\"}");
		Prediction prediction = handler.predict(input());
		assertThat(prediction.output()).isEqualTo("Seven.");
		assertThat(prediction.servedBy()).isEqualTo(Prediction.BASELINE);
		assertThat(prediction.extensions()).containsEntry("score", 4)
			.containsEntry("rationale", "Correct and short.")
			.containsEntry("judge", "judge-endpoint");
		assertThat(prediction.usage()).isEqualTo(new TokenUsage(15, 25));
		assertThat(this.meters.get("eval.judge.score").summary().totalAmount()).isEqualTo(4);
	}

	@ParameterizedTest
	@ValueSource(strings = { "I'd say four out of five.", "{\"score\": 9, \"rationale\": \"x\"}",
			"{\"score\": 3.5, \"rationale\": \"x\"}", "{\"score\": 3}", "{\"score\": \"3\", \"rationale\": \"x\"}",
			"{\"score\": 3, \"rationale\": \"  \"}", "{not json}" })
	void unreadableVerdictIsAnExplicitErrorNotAZero(String reply) {
		JudgePredictionHandler handler = handler(reply);
		assertThatExceptionOfType(ModelCallException.class).isThrownBy(() -> handler.predict(input()))
			.satisfies((ex) -> {
				assertThat(ex.errorType()).isEqualTo("judge_reply_unparseable");
				assertThat(ex.model()).isEqualTo("judge-endpoint");
				assertThat(ex.isTimeout()).isFalse();
			});
		assertThat(this.meters.get("eval.judge.unparseable").counter().count()).isEqualTo(1);
		assertThat(this.meters.find("eval.judge.score").summary()).isNull();
	}

	@Test
	void theJudgeSeesTheRubricTheQuestionAndTheAnswer() {
		RecordingModels models = new RecordingModels("{\"score\": 5, \"rationale\": \"ok\"}");
		new JudgePredictionHandler(models, this.meters, new JudgeProperties()).predict(input());
		List<ChatTurn> judged = models.judgeInput.messages();
		assertThat(judged.get(0).role()).isEqualTo("system");
		assertThat(judged.get(0).content()).contains("Score the answer");
		assertThat(judged.get(1).content()).contains("Question: What is 3 + 4?", "Answer: Seven.");
		assertThat(models.judgeInput.temperature()).isZero();
	}

	@Test
	void anOpenJudgeBreakerRefusesBeforeTheBaselineIsAsked() {
		RecordingModels models = new RecordingModels("{\"score\": 5, \"rationale\": \"ok\"}");
		models.judgeOpen = true;
		assertThatExceptionOfType(ModelCallException.class)
			.isThrownBy(() -> new JudgePredictionHandler(models, this.meters, new JudgeProperties()).predict(input()))
			.satisfies((ex) -> {
				assertThat(ex.errorType()).isEqualTo("circuit_open");
				assertThat(ex.model()).isEqualTo("judge-endpoint");
			});
		assertThat(models.baselineCalls).isZero();
	}

	private JudgePredictionHandler handler(String judgeReply) {
		return new JudgePredictionHandler(new RecordingModels(judgeReply), this.meters, new JudgeProperties());
	}

	private static PredictInput input() {
		return new PredictInput(List.of(ChatTurn.user("What is 3 + 4?")), 64, 0.7, false);
	}

	static class RecordingModels implements TeamModels {

		private final String judgeReply;

		PredictInput judgeInput;

		boolean judgeOpen;

		int baselineCalls;

		RecordingModels(String judgeReply) {
			this.judgeReply = judgeReply;
		}

		@Override
		public Prediction primary(PredictInput input) {
			throw new UnsupportedOperationException("team-eval has no primary endpoint");
		}

		@Override
		public Prediction endpoint(String endpointName, PredictInput input) {
			this.judgeInput = input;
			return new Prediction(this.judgeReply, endpointName, "v0", endpointName, new TokenUsage(10, 20), Map.of());
		}

		@Override
		public void requireAvailable(String endpointName) {
			if (this.judgeOpen) {
				throw new ModelCallException(endpointName, "circuit_open", "open", null);
			}
		}

		@Override
		public Prediction baseline(PredictInput input) {
			this.baselineCalls++;
			return new Prediction("Seven.", "llm-baseline", "llm-baseline", Prediction.BASELINE, new TokenUsage(5, 5),
					Map.of());
		}

	}

}
