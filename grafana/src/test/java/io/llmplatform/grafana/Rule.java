package io.llmplatform.grafana;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One rule of a Prometheus rule file.
 *
 * @param file the rule file
 * @param name the alert name, or the recorded series' name
 * @param alert whether it is an alerting rule (else a recording rule)
 * @param expr the PromQL expression
 * @param forDuration the alert's {@code for:} ({@code null} when absent)
 * @param labels the rule's labels
 * @param annotations the alert's annotations
 */
record Rule(Path file, String name, boolean alert, String expr, String forDuration, Map<String, Object> labels,
		Map<String, Object> annotations) {

	String id() {
		return this.file.getFileName() + " " + this.name;
	}

	static List<Rule> all() {
		List<Rule> rules = new ArrayList<>();
		for (Path file : GrafanaFiles.ruleFiles()) {
			for (Map<String, Object> group : GrafanaFiles.maps(GrafanaFiles.readYaml(file).get("groups"))) {
				for (Map<String, Object> rule : GrafanaFiles.maps(group.get("rules"))) {
					boolean alert = rule.containsKey("alert");
					rules.add(new Rule(file, String.valueOf(alert ? rule.get("alert") : rule.get("record")), alert,
							String.valueOf(rule.get("expr")).trim(),
							(rule.get("for") != null) ? String.valueOf(rule.get("for")) : null, map(rule.get("labels")),
							map(rule.get("annotations"))));
				}
			}
		}
		return rules;
	}

	static List<Rule> alerts() {
		return all().stream().filter(Rule::alert).toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

}
