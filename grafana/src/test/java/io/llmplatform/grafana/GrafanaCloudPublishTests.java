package io.llmplatform.grafana;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alloy variant has no in-cluster Prometheus or Grafana: {@code publish-to-grafana-cloud.sh} delivers the rules
 * (mimirtool, as Grafana Cloud documents) and the dashboards (Grafana's HTTP API). The script runs for real with
 * bash, curl and jq against a stand-in Grafana on loopback that records what it is sent, and a stand-in
 * {@code mimirtool} on the PATH that records its arguments and copies the files it is given; promtool then checks
 * those files with the Mimir {@code namespace} key taken off again.
 */
class GrafanaCloudPublishTests {

	@Test
	void rulesAndDashboardsReachGrafanaCloudWithTheStacksDatasources(@TempDir Path dir) throws Exception {
		Path script = GrafanaFiles.dir().resolve("publish-to-grafana-cloud.sh");
		assertThat(script).as("grafana/publish-to-grafana-cloud.sh").isExecutable();
		for (String tool : List.of("bash", "curl", "jq")) {
			assumeTrue(Promtool.binary(tool).isPresent(), tool + " not found: the publish script needs it");
		}
		Path bin = Files.createDirectories(dir.resolve("bin"));
		Path loaded = Files.createDirectories(dir.resolve("loaded"));
		Path mimirtool = bin.resolve("mimirtool");
		Files.writeString(mimirtool, """
				#!/usr/bin/env bash
				echo "$@" > "%1$s/args"
				env | grep '^MIMIR_' | sort > "%1$s/env"
				shift 2
				cp "$@" "%1$s/"
				""".formatted(loaded));
		Files.setPosixFilePermissions(mimirtool, PosixFilePermissions.fromString("rwxr-xr-x"));

		List<String> requests = Collections.synchronizedList(new ArrayList<>());
		List<JsonNode> dashboards = Collections.synchronizedList(new ArrayList<>());
		HttpServer grafana = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		grafana.createContext("/", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
			requests.add(call + " " + exchange.getRequestHeaders().getFirst("Authorization"));
			int status = call.startsWith("GET /api/folders/") ? 404 : 200;
			if (call.equals("POST /api/dashboards/db")) {
				dashboards.add(GrafanaFiles.JSON.readTree(body));
			}
			byte[] answer = "{\"status\":\"success\",\"url\":\"/d/x\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		grafana.start();
		try {
			ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
			Map<String, String> env = builder.environment();
			env.put("PATH", bin + ":" + System.getenv("PATH"));
			env.put("MIMIR_ADDRESS", "https://prometheus-prod-01-eu-west-0.grafana.net");
			env.put("MIMIR_API_USER", "123456");
			env.put("MIMIR_API_KEY", "glc_test");
			env.put("GRAFANA_URL", "http://127.0.0.1:" + grafana.getAddress().getPort());
			env.put("GRAFANA_TOKEN", "glsa_test");
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as(output).isZero();
		}
		finally {
			grafana.stop(0);
		}

		// Rules: every rule file, none of the promtool tests, each with its namespace; promtool accepts them.
		assertThat(Files.readString(loaded.resolve("args"))).startsWith("rules load ");
		assertThat(Files.readString(loaded.resolve("env"))).contains("MIMIR_ADDRESS=", "MIMIR_API_USER=", "MIMIR_API_KEY=");
		List<String> expected = GrafanaFiles.ruleFiles().stream().map((f) -> f.getFileName().toString()).toList();
		try (var files = Files.list(loaded)) {
			assertThat(files.map((f) -> f.getFileName().toString()).filter((f) -> f.endsWith(".yaml")))
				.containsExactlyInAnyOrderElementsOf(expected);
		}
		List<String> check = new ArrayList<>(List.of("check", "rules"));
		for (String file : expected) {
			String copy = Files.readString(loaded.resolve(file));
			assertThat(copy).as(file).startsWith("namespace: llm-platform-" + file.replace(".yaml", "") + "\n");
			Path prometheusFormat = dir.resolve(file);
			Files.writeString(prometheusFormat, copy.substring(copy.indexOf('\n') + 1));
			check.add(prometheusFormat.toString());
		}
		if (Promtool.binary("promtool").isPresent()) {
			Promtool.Result result = Promtool.run(dir, check);
			assertThat(result.exitCode()).as(result.output()).isZero();
		}

		// Dashboards: each once, into the folder, with the stack's datasource uids and nothing of ours left.
		assertThat(requests).allMatch((r) -> r.endsWith("Bearer glsa_test")).anyMatch((r) -> r.startsWith("POST /api/folders "));
		assertThat(dashboards.stream().map((d) -> d.at("/dashboard/uid").asString()))
			.containsExactlyInAnyOrderElementsOf(GrafanaFiles.dashboards().stream()
				.map((f) -> GrafanaFiles.readJson(f).path("uid").asString()).toList());
		for (JsonNode body : dashboards) {
			assertThat(body.path("overwrite").asBoolean()).isTrue();
			assertThat(body.path("folderUid").asString()).isEqualTo("llm-platform");
			assertThat(body.path("dashboard").has("id")).isFalse();
			String json = body.toString();
			assertThat(json).as(body.at("/dashboard/uid").asString())
				.doesNotContain("\"uid\":\"prometheus\"", "\"uid\":\"loki\"", "\"uid\":\"tempo\"")
				.contains("\"uid\":\"grafanacloud-prom\"");
		}
		// The queries themselves are untouched.
		JsonNode original = GrafanaFiles.readJson(GrafanaFiles.dashboards().get(0));
		JsonNode published = dashboards.stream()
			.filter((d) -> d.at("/dashboard/uid").asString().equals(original.path("uid").asString())).findFirst().orElseThrow();
		assertThat(DashboardQuery.of(published.path("dashboard")).stream().map(DashboardQuery::expression).toList())
			.isEqualTo(DashboardQuery.of(original).stream().map(DashboardQuery::expression).toList());
	}

}
