package io.llmplatform.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.llmplatform.simulator.engine.GenerationPlan;
import io.llmplatform.simulator.engine.GenerationPlanner;
import io.llmplatform.simulator.engine.ModelProfile;
import io.llmplatform.simulator.engine.OutputFormat;
import io.llmplatform.simulator.engine.TextSynthesizer;
import io.llmplatform.simulator.engine.Tokenizer;
import io.llmplatform.simulator.faults.FaultDecision;
import io.llmplatform.simulator.faults.FaultRegistry;
import io.llmplatform.simulator.faults.FaultSpec;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** Same seed and same request order: same answers and same fault draws. */
class DeterminismTests {

	private static final ModelProfile PROFILE = new ModelProfile(Duration.ZERO, Duration.ZERO, 4, 16, 8, 48, 256,
			8192, 65_536, OutputFormat.PROSE);

	private final Tokenizer tokenizer = new Tokenizer();

	@Test
	void sameSeedGivesTheSameAnswersInTheSameOrder() {
		assertThat(answers(42)).isEqualTo(answers(42));
	}

	@Test
	void anotherSeedGivesOtherAnswers() {
		assertThat(answers(7)).isNotEqualTo(answers(42));
	}

	@Test
	void greedyAnswersDependOnlyOnThePrompt() {
		GenerationPlanner planner = planner(42);

		GenerationPlan first = planner.plan("m", PROFILE, "same prompt", 2, 100, 0, null, 0);
		GenerationPlan later = planner.plan("m", PROFILE, "same prompt", 2, 100, 0, null, 57);

		assertThat(later).isEqualTo(first);
		assertThat(planner.plan("m", PROFILE, "other prompt", 2, 100, 0, null, 0)).isNotEqualTo(first);
	}

	@Test
	void sampledAnswersVaryPerRequestUnlessTheRequestCarriesASeed() {
		GenerationPlanner planner = planner(42);

		assertThat(planner.plan("m", PROFILE, "p", 1, 100, 0.7, null, 1))
			.isNotEqualTo(planner.plan("m", PROFILE, "p", 1, 100, 0.7, null, 2));
		assertThat(planner.plan("m", PROFILE, "p", 1, 100, 0.7, 99L, 1))
			.isEqualTo(planner.plan("m", PROFILE, "p", 1, 100, 0.7, 99L, 2));
	}

	@Test
	void plannedTokensAreWhatTheTokenizerCounts() {
		GenerationPlanner planner = planner(3);
		for (int i = 0; i < 200; i++) {
			GenerationPlan plan = planner.plan("m", PROFILE, "prompt " + i, 2, 30, 1.0, null, i);
			assertThat(tokenizer.count(plan.text())).isEqualTo(plan.completionTokens());
			assertThat(plan.completionTokens()).isBetween(8, 30);
			assertThat(plan.finishReason()).isEqualTo(plan.completionTokens() == 30 ? "length" : "stop");
		}
	}

	@Test
	void faultDrawsFollowTheSeed() {
		assertThat(faultOutcomes(42)).isEqualTo(faultOutcomes(42)).isNotEqualTo(faultOutcomes(43));
	}

	private List<FaultDecision.Outcome> faultOutcomes(long seed) {
		FaultRegistry registry = new FaultRegistry(seed, Set.of("e"), new PrometheusRegistry());
		FaultSpec spec = new FaultSpec();
		spec.setErrorRates(new HashMap<>(Map.of("internal", 0.5)));
		registry.set("e", spec);
		List<FaultDecision.Outcome> outcomes = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			outcomes.add(registry.decide("e").outcome());
		}
		return outcomes;
	}

	private List<String> answers(long seed) {
		GenerationPlanner planner = planner(seed);
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			answers.add(planner.plan("llm-baseline", PROFILE, "prompt " + (i % 3), 2, 64, 1.0, null, i).text());
		}
		return answers;
	}

	private GenerationPlanner planner(long seed) {
		return new GenerationPlanner(seed, tokenizer, new TextSynthesizer());
	}

}
