package io.llmplatform.k8s;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts reach someone: Prometheus sends them to the rendered Alertmanager, whose configuration (checked and routed
 * by Debian's {@code amtool}, package prometheus-alertmanager) sends each team's alerts to that team, critical ones
 * to its pager, and the rest to the platform team; and every {@code team} the alert rules' promtool fixtures expect
 * is one that routing knows.
 */
class AlertmanagerTests {

	private static final List<String> OWNERS = List.of("quant", "finetune", "eval", "platform");

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void prometheusSendsFiringAlertsToTheRenderedAlertmanager(String overlay) {
		JsonNode prometheus = Manifests.yaml(Manifests.configMap(overlay, "observability", "prometheus-config")
			.getData().get("prometheus.yml"));
		JsonNode targets = prometheus.at("/alerting/alertmanagers/0/static_configs/0/targets");
		assertThat(targets.size()).as("alerting.alertmanagers targets in prometheus.yml").isEqualTo(1);
		URI target = URI.create("http://" + targets.get(0).asText());
		assertThat(Manifests.serviceExists(overlay, target.getHost(), target.getPort()))
			.as(target + " is a rendered Service").isTrue();
		Deployment alertmanager = Manifests.find(overlay, Deployment.class, "observability", "alertmanager").orElseThrow();
		Container container = alertmanager.getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(container.getPorts()).anyMatch((p) -> p.getContainerPort() == target.getPort());
		String configFile = container.getArgs().stream().filter((a) -> a.startsWith("--config.file=")).findFirst()
			.orElseThrow().substring("--config.file=".length());
		assertThat(container.getVolumeMounts()).anyMatch((m) -> configFile.startsWith(m.getMountPath() + "/"));
		assertThat(Manifests.configMap(overlay, "observability", "alertmanager-config").getData())
			.containsKey(Path.of(configFile).getFileName().toString());
	}

	@Test
	void amtoolAcceptsTheConfiguration(@TempDir Path dir) throws IOException {
		Path config = renderedConfig(dir);
		assertThat(Manifests.run(dir, List.of("amtool", "check-config", config.toString()))).contains("SUCCESS");
	}

	@Test
	void eachTeamsAlertsGoToThatTeamCriticalOnesToItsPager(@TempDir Path dir) throws IOException {
		Path config = renderedConfig(dir);
		for (String team : OWNERS) {
			String prefix = team.equals("platform") ? "platform" : "team-" + team;
			assertThat(route(dir, config, "team=" + team, "severity=critical")).as(team + " critical")
				.isEqualTo(prefix + "-pager");
			assertThat(route(dir, config, "team=" + team, "severity=warning")).as(team + " warning")
				.isEqualTo(prefix + "-channel");
		}
		assertThat(route(dir, config, "severity=critical")).as("no team: the platform team").isEqualTo("platform-pager");
		assertThat(route(dir, config, "team=team-quant", "severity=critical"))
			.as("a namespace is not a team: it would page the platform, not quant").isEqualTo("platform-pager");
	}

	/**
	 * The team label of every alert the promtool fixtures expect (they are built from labels the manifests produce)
	 * is routed to that team: a rule that copied the namespace ({@code team-quant}) into {@code team} would page
	 * the wrong people, and this fails.
	 */
	@Test
	void everyTeamTheAlertRulesProduceIsRoutedToThatTeam(@TempDir Path dir) throws IOException {
		Path config = renderedConfig(dir);
		Set<String> teams = new LinkedHashSet<>();
		try (Stream<Path> files = Files.list(Manifests.grafanaDir().resolve("alerts/tests"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
				Manifests.yamlFile(file).path("tests").forEach((test) -> test.path("alert_rule_test")
					.forEach((alertTest) -> alertTest.path("exp_alerts")
						.forEach((alert) -> teams.add(alert.at("/exp_labels/team").asText("")))));
			}
		}
		assertThat(teams).as("team labels of the expected alerts").isNotEmpty().doesNotContain("");
		for (String team : teams) {
			assertThat(OWNERS).as("team label " + team + " names an owner routing knows").contains(team);
			String receiver = route(dir, config, "team=" + team, "severity=warning");
			assertThat(receiver).as(team).isEqualTo(team.equals("platform") ? "platform-channel" : "team-" + team + "-channel");
		}
	}

	private static String route(Path dir, Path config, String... labels) {
		List<String> command = new ArrayList<>(List.of("amtool", "config", "routes", "test", "--config.file=" + config));
		command.addAll(List.of(labels));
		return Manifests.run(dir, command).strip();
	}

	private static Path renderedConfig(Path dir) throws IOException {
		Manifests.requireTool("amtool", "amtool checks and routes the Alertmanager configuration (Debian package prometheus-alertmanager)");
		Path file = dir.resolve("alertmanager.yml");
		Files.writeString(file, Manifests.configMap("dev", "observability", "alertmanager-config").getData()
			.get("alertmanager.yml"));
		return file;
	}

}
