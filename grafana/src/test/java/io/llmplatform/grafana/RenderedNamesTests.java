package io.llmplatform.grafana;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One naming rule for teams, in the manifests, the dashboards and the alerts: team T is labelled {@code team=T} and
 * runs in the Kubernetes namespace {@code team-T}; the gateway runs in {@code platform}. The dev and eks overlays of
 * k8s/ are rendered with {@code kubectl kustomize}, and what they render is the truth the dashboards' namespace
 * matchers and the promtool fixtures of the Kubernetes alerts are checked against: a fixture with
 * {@code namespace="quant"} or {@code container="team-quant"} proves an alert on labels no cluster of ours has.
 */
class RenderedNamesTests {

	static final List<String> TEAMS = List.of("quant", "finetune", "eval");

	private static final Pattern NAMESPACE_MATCHER = Pattern.compile("\\b(namespace|k8s_namespace_name)(=~|=)\"([^\"]*)\"");

	private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)}");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

	private static Rendered rendered;

	@BeforeAll
	static void render() throws Exception {
		assumeTrue(Promtool.binary("kubectl").isPresent(),
				"kubectl not found: it renders k8s/overlays (kubectl kustomize), whose names these tests check");
		rendered = Rendered.of("dev").plus(Rendered.of("eks"));
		assertThat(rendered.namespaces).as("rendered namespaces").contains("platform", "team-quant");
	}

	@Test
	void everyTeamLivesInTheNamespaceTeamDashT() {
		for (String team : TEAMS) {
			assertThat(rendered.namespaces).contains("team-" + team);
			assertThat(rendered.deployments.get("team-" + team)).contains("team-" + team);
		}
		assertThat(rendered.deployments.get("platform")).contains("gateway");
	}

	/**
	 * Every namespace matcher of every dashboard query, with {@code $team} set to each team as Grafana interpolates
	 * it, selects exactly that team's namespace and the platform's; with All (the variable's allValue {@code .*})
	 * every team's and the platform's. Matchers without {@code $team} must select some rendered namespace.
	 */
	@Test
	void dashboardNamespaceMatchersSelectTheNamespacesTheOverlaysRender() {
		int checked = 0;
		for (DashboardQuery query : DashboardQuery.all()) {
			Matcher matcher = NAMESPACE_MATCHER.matcher(query.expression());
			while (matcher.find()) {
				checked++;
				String value = matcher.group(3);
				boolean regex = matcher.group(2).equals("=~");
				if (!value.contains("$team")) {
					assertThat(select(value, regex)).as(query.id() + ": " + matcher.group()).isNotEmpty();
					continue;
				}
				for (String team : TEAMS) {
					assertThat(select(value.replace("$team", team), regex)).as(query.id() + " with team=" + team + ": "
							+ matcher.group()).containsExactlyInAnyOrder("team-" + team, "platform");
				}
				Set<String> all = new TreeSet<>(List.of("platform"));
				TEAMS.forEach((team) -> all.add("team-" + team));
				assertThat(select(value.replace("$team", ".*"), regex)).as(query.id() + " with All: " + matcher.group())
					.containsAll(all);
			}
		}
		assertThat(checked).as("namespace matchers in the dashboards").isGreaterThanOrEqualTo(8);
	}

	/**
	 * The promtool fixtures of the Kubernetes alerts use labels the manifests produce: rendered namespaces,
	 * the containers, Deployments and ResourceQuotas of that namespace, pods named after a Deployment (a completed
	 * pod, a Job's, is the exception the fixture itself declares with phase Succeeded); and the alerts they expect
	 * carry {@code team} derived from the namespace ({@code team-quant} is team {@code quant}).
	 */
	@Test
	void promtoolFixturesAreBuiltFromLabelsTheManifestsProduce() {
		int checked = 0;
		for (Path file : GrafanaFiles.ruleTests()) {
			for (Map<String, Object> test : GrafanaFiles.maps(GrafanaFiles.readYaml(file).get("tests"))) {
				List<Map<String, String>> series = new ArrayList<>();
				for (Map<String, Object> input : GrafanaFiles.maps(test.get("input_series"))) {
					series.add(labels(String.valueOf(input.get("series"))));
				}
				Set<String> completedPods = new LinkedHashSet<>();
				series.stream().filter((s) -> "Succeeded".equals(s.get("phase"))).forEach((s) -> completedPods.add(s.get("pod")));
				for (Map<String, String> labels : series) {
					String namespace = labels.get("namespace");
					if (namespace == null) {
						continue;
					}
					checked++;
					String where = file.getFileName() + " / " + test.get("name") + " / " + labels;
					assertThat(rendered.namespaces).as(where + ": namespace").contains(namespace);
					if (labels.containsKey("container")) {
						assertThat(rendered.containers.get(namespace)).as(where + ": container").contains(labels.get("container"));
					}
					if (labels.containsKey("deployment")) {
						assertThat(rendered.deployments.get(namespace)).as(where + ": deployment").contains(labels.get("deployment"));
					}
					if (labels.containsKey("resourcequota")) {
						assertThat(rendered.resourceQuotas.get(namespace)).as(where + ": resourcequota")
							.contains(labels.get("resourcequota"));
					}
					String pod = labels.get("pod");
					if (pod != null && !completedPods.contains(pod)) {
						assertThat(rendered.deployments.get(namespace)).as(where + ": pod of a rendered Deployment")
							.anyMatch((deployment) -> pod.startsWith(deployment + "-"));
					}
				}
				for (Map<String, Object> alertTest : GrafanaFiles.maps(test.get("alert_rule_test"))) {
					for (Map<String, Object> alert : GrafanaFiles.maps(alertTest.get("exp_alerts"))) {
						@SuppressWarnings("unchecked")
						Map<String, Object> labels = (Map<String, Object>) alert.get("exp_labels");
						Object namespace = labels.get("namespace");
						if (namespace != null) {
							assertThat(rendered.namespaces).contains(String.valueOf(namespace));
							assertThat(String.valueOf(labels.get("team"))).as("team of an alert in " + namespace)
								.isEqualTo(String.valueOf(namespace).replaceFirst("^team-", ""));
						}
					}
				}
			}
		}
		assertThat(checked).as("fixture series with a namespace").isGreaterThanOrEqualTo(10);
	}

	/** The rendered namespaces a (fully anchored, as in PromQL and LogQL) matcher value selects. */
	private static Set<String> select(String value, boolean regex) {
		Set<String> selected = new TreeSet<>();
		Pattern pattern = regex ? Pattern.compile("^(?:" + value + ")$") : null;
		for (String namespace : rendered.namespaces) {
			if (regex ? pattern.matcher(namespace).matches() : namespace.equals(value)) {
				selected.add(namespace);
			}
		}
		return selected;
	}

	private static Map<String, String> labels(String series) {
		Matcher matcher = SERIES.matcher(series.strip());
		Map<String, String> labels = new LinkedHashMap<>();
		if (matcher.matches()) {
			Matcher label = LABEL.matcher(matcher.group(2));
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
		}
		return labels;
	}

	/** Names of what an overlay renders, per namespace. */
	private record Rendered(Set<String> namespaces, Map<String, Set<String>> deployments,
			Map<String, Set<String>> containers, Map<String, Set<String>> resourceQuotas) {

		@SuppressWarnings("unchecked")
		static Rendered of(String overlay) throws IOException, InterruptedException {
			Rendered rendered = new Rendered(new TreeSet<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
					new LinkedHashMap<>());
			for (Object loaded : new Yaml().loadAll(kustomize(overlay))) {
				if (!(loaded instanceof Map<?, ?> object)) {
					continue;
				}
				Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
				String name = String.valueOf(metadata.get("name"));
				String namespace = String.valueOf(metadata.get("namespace"));
				switch (String.valueOf(object.get("kind"))) {
					case "Namespace" -> rendered.namespaces.add(name);
					case "ResourceQuota" -> add(rendered.resourceQuotas, namespace, name);
					case "Deployment", "StatefulSet", "DaemonSet" -> {
						add(rendered.deployments, namespace, name);
						Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) object
							.get("spec")).get("template")).get("spec");
						for (Map<String, Object> container : (List<Map<String, Object>>) spec.get("containers")) {
							add(rendered.containers, namespace, String.valueOf(container.get("name")));
						}
					}
					default -> {
					}
				}
			}
			return rendered;
		}

		Rendered plus(Rendered other) {
			this.namespaces.addAll(other.namespaces);
			other.deployments.forEach((ns, names) -> names.forEach((n) -> add(this.deployments, ns, n)));
			other.containers.forEach((ns, names) -> names.forEach((n) -> add(this.containers, ns, n)));
			other.resourceQuotas.forEach((ns, names) -> names.forEach((n) -> add(this.resourceQuotas, ns, n)));
			return this;
		}

		private static void add(Map<String, Set<String>> map, String namespace, String name) {
			map.computeIfAbsent(namespace, (ns) -> new TreeSet<>()).add(name);
		}

		private static String kustomize(String overlay) throws IOException, InterruptedException {
			Path k8s = GrafanaFiles.dir().resolveSibling("k8s");
			Path out = Files.createTempFile("kustomize", ".yaml");
			Process process = new ProcessBuilder(Promtool.binary("kubectl").orElseThrow().toString(), "kustomize",
					"overlays/" + overlay)
				.directory(k8s.toFile())
				.redirectOutput(out.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("kubectl kustomize overlays/" + overlay + " failed in " + k8s);
			}
			String yaml = Files.readString(out, StandardCharsets.UTF_8);
			Files.delete(out);
			return yaml;
		}

	}

}
