package io.llmplatform.grafana;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rule files through the real promtool: {@code promtool check rules} on every rule file and
 * {@code promtool test rules} on every unit test of alerts/tests/, and every alert covered by a case where it fires
 * and a case where it stays quiet. Skipped, with the reason, only when promtool is not installed.
 */
class PromtoolTests {

	@BeforeAll
	static void promtoolInstalled() {
		assumeTrue(Promtool.binary("promtool").isPresent(), Promtool.missingMessage("promtool"));
	}

	@Test
	void everyRuleFileIsValid() throws Exception {
		List<String> arguments = new ArrayList<>(List.of("check", "rules"));
		GrafanaFiles.ruleFiles().forEach((file) -> arguments.add(file.toString()));
		Promtool.Result result = Promtool.run(GrafanaFiles.dir(), arguments);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).doesNotContain("FAILED");
	}

	@Test
	void everyUnitTestPasses() throws Exception {
		List<String> arguments = new ArrayList<>(List.of("test", "rules"));
		List<Path> tests = GrafanaFiles.ruleTests();
		assertThat(tests).isNotEmpty();
		tests.forEach((file) -> arguments.add(file.getFileName().toString()));
		Promtool.Result result = Promtool.run(GrafanaFiles.dir().resolve("alerts/tests"), arguments);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
	}

	@Test
	void everyAlertHasAFiringAndAQuietCase() {
		Map<String, Set<String>> cases = new LinkedHashMap<>();
		for (Path file : GrafanaFiles.ruleTests()) {
			for (Map<String, Object> test : GrafanaFiles.maps(GrafanaFiles.readYaml(file).get("tests"))) {
				for (Map<String, Object> alertTest : GrafanaFiles.maps(test.get("alert_rule_test"))) {
					boolean fires = !GrafanaFiles.maps(alertTest.get("exp_alerts")).isEmpty();
					cases.computeIfAbsent(String.valueOf(alertTest.get("alertname")), (name) -> new TreeSet<>())
						.add(fires ? "fires" : "quiet");
				}
			}
		}
		for (Rule alert : Rule.alerts()) {
			assertThat(cases.get(alert.name())).as("promtool cases of %s", alert.name())
				.containsExactlyInAnyOrder("fires", "quiet");
		}
	}

}
