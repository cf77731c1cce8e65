package io.llmplatform.grafana;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator paged at night relies on: the alerts of issue 6 exist, and each has a severity, a team to route
 * to, a summary, a description and a runbook in this repository that says how to rehearse the fault locally.
 */
class AlertRuleTests {

	static final List<String> REQUIRED_ALERTS = List.of("HighErrorRate", "HighLatency", "InferenceQueueBacklog",
			"SageMakerTimeouts", "PodRestarts", "PodNotReady", "QuotaRejections", "GatewayErrorBudgetFastBurn",
			"GatewayErrorBudgetSlowBurn", "GatewayQuotaExceeded", "GatewayQuotaStoreFailing");

	static final String RUNBOOK_BASE = "https://github.com/llmplatform/llm-platform/blob/main/grafana/runbooks/";

	@Test
	void theIssuesAlertsExistOnce() {
		assertThat(Rule.alerts().stream().map(Rule::name)).containsExactlyInAnyOrderElementsOf(REQUIRED_ALERTS);
	}

	@Test
	void everyAlertHasSeverityTeamSummaryDescriptionAndRunbook() {
		for (Rule alert : Rule.alerts()) {
			assertThat(alert.labels().get("severity")).as("severity of %s", alert.name()).isIn("critical", "warning");
			boolean teamLabel = alert.labels().containsKey("team");
			boolean byTeam = alert.expr().replaceAll("\\s+", " ").matches("(?s).*by \\([^)]*\\bteam\\b.*");
			assertThat(teamLabel || byTeam).as("%s routes to a team (label team, or aggregated by team)", alert.name())
				.isTrue();
			assertThat(String.valueOf(alert.annotations().get("summary"))).as("summary of %s", alert.name()).isNotBlank();
			assertThat(String.valueOf(alert.annotations().get("description"))).as("description of %s", alert.name())
				.hasSizeGreaterThan(40);
			assertThat(alert.annotations().get("runbook_url")).as("runbook_url of %s", alert.name())
				.isEqualTo(RUNBOOK_BASE + alert.name() + ".md");
		}
	}

	@Test
	void everyRunbookExistsAndSaysHowToRehearseTheFault() throws Exception {
		for (Rule alert : Rule.alerts()) {
			assertThat(GrafanaFiles.runbook(alert.name())).as("runbook of %s", alert.name()).exists();
			String runbook = Files.readString(GrafanaFiles.runbook(alert.name()));
			assertThat(runbook).as("runbook of %s", alert.name())
				.contains("## What it means", "## First checks", "## Common causes", "## Rehearse it locally")
				.contains("/d/llm-");
		}
	}

	@Test
	void everyForDurationIsAProductionValue() {
		// The signal truth test shortens for: in its own copy of the files; the files themselves keep minutes.
		for (Rule alert : Rule.alerts()) {
			if (alert.forDuration() != null) {
				assertThat(alert.forDuration()).as("for: of %s", alert.name()).matches("\\d+m");
			}
		}
	}

}
