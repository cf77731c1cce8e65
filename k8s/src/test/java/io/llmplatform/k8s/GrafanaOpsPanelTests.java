package io.llmplatform.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations panel as k8s/ deploys it (issue 15): Grafana loads the unsigned plugin llmplatform-ops-panel from
 * the plugin directory that an init container fills, the controlled-failures dashboard uses it, and the nginx
 * sidecar's /gateway-proxy/admin/ route adds the gateway's admin key from a Secret, after Grafana's session check,
 * rendered from a template by the sidecar's own entrypoint. The key is in no committed file.
 */
class GrafanaOpsPanelTests {

	static final String PLUGIN_ID = "llmplatform-ops-panel";

	static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void grafanaLoadsTheUnsignedPanelFromThePluginDirectoryTheInitContainerFills(String overlay) {
		PodSpec pod = grafanaPod(overlay);
		Container grafana = container(pod.getContainers(), "grafana");
		assertThat(env(grafana, "GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS").getValue()).isEqualTo(PLUGIN_ID);
		String pluginsDir = env(grafana, "GF_PATHS_PLUGINS").getValue();
		VolumeMount grafanaMount = mountAt(grafana, pluginsDir);

		Container init = container(pod.getInitContainers(), "ops-panel-plugin");
		assertThat(init.getImage()).matches("([\\w.-]+/)?llmplatform/llmplatform-ops-panel:[0-9][\\w.-]*");
		VolumeMount initMount = mountAt(init, pluginsDir);
		assertThat(initMount.getName()).isEqualTo(grafanaMount.getName());
		assertThat(initMount.getReadOnly()).as("the init container writes the plugin").isNotEqualTo(Boolean.TRUE);
		assertThat(init.getCommand()).containsExactly("cp", "-R", "/plugin", pluginsDir + "/" + PLUGIN_ID);
		assertThat(volume(pod, grafanaMount.getName()).getEmptyDir()).isNotNull();

		// The image is the plugin's build output: its Dockerfile copies dist/ (plugin.json with this id) to /plugin.
		Path plugin = Manifests.grafanaDir().resolve("plugins/" + PLUGIN_ID);
		assertThat(Manifests.jsonFile(plugin.resolve("src/plugin.json")).path("id").asText()).isEqualTo(PLUGIN_ID);
		assertThat(read(plugin.resolve("Dockerfile"))).contains("npm ci", "npm run build", "COPY --from=build /src/dist /plugin");
	}

	@Test
	void theControlledFailuresDashboardUsesThePanel() {
		String dashboard = Manifests.configMap("dev", "observability", "grafana-dashboards")
			.getData()
			.get("controlled-failures.json");
		JsonNode panels = Manifests.yaml(dashboard).path("panels");
		List<String> types = new ArrayList<>();
		panels.forEach((panel) -> types.add(panel.path("type").asText()));
		assertThat(types).contains(PLUGIN_ID);
		assertThat(Manifests.yaml(dashboard).path("uid").asText()).as("the write check of the nginx template names it")
			.isEqualTo("llm-controlled-failures");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void theSidecarRendersItsTemplateWithTheAdminKeyFromTheSecret(String overlay) {
		PodSpec pod = grafanaPod(overlay);
		Container nginx = container(pod.getContainers(), "nginx-proxy");
		Container grafana = container(pod.getContainers(), "grafana");

		// The template, mounted where nginx-unprivileged's entrypoint looks; its output directory is writable memory.
		VolumeMount templates = mountAt(nginx, "/etc/nginx/templates");
		assertThat(volume(pod, templates.getName()).getConfigMap().getName()).startsWith("grafana-nginx-templates");
		assertThat(template(overlay)).isNotBlank();
		VolumeMount output = mountAt(nginx, "/etc/nginx/conf.d");
		assertThat(output.getReadOnly()).isNotEqualTo(Boolean.TRUE);
		assertThat(volume(pod, output.getName()).getEmptyDir().getMedium()).as("the rendered key stays in memory")
			.isEqualTo("Memory");

		// Every variable of the template is given, and the entrypoint's filter lets exactly those through.
		Set<String> variables = variables(template(overlay));
		assertThat(variables).containsExactlyInAnyOrder("NGINX_LISTEN_PORT", "GRAFANA_UPSTREAM", "GATEWAY_UPSTREAM",
				"GATEWAY_ADMIN_API_KEY");
		Pattern filter = Pattern.compile(env(nginx, "NGINX_ENVSUBST_FILTER").getValue());
		for (String variable : variables) {
			assertThat(env(nginx, variable)).as(variable).isNotNull();
			assertThat(filter.matcher(variable).find()).as("filter lets %s through", variable).isTrue();
		}
		assertThat(filter.matcher("HOSTNAME").find()).as("and nothing else").isFalse();

		// The key comes from the Secret that k8s/create-secrets.sh makes, never as a value.
		EnvVar key = env(nginx, "GATEWAY_ADMIN_API_KEY");
		assertThat(key.getValue()).isNull();
		assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo("grafana-gateway-admin");
		assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("admin-api-key");

		// The upstreams: Grafana in the same pod, the gateway as a rendered Service.
		assertThat(nginx.getPorts().get(0).getContainerPort())
			.isEqualTo(Integer.parseInt(env(nginx, "NGINX_LISTEN_PORT").getValue()));
		assertThat(env(nginx, "GRAFANA_UPSTREAM").getValue())
			.isEqualTo("127.0.0.1:" + env(grafana, "GF_SERVER_HTTP_PORT").getValue());
		String[] gateway = env(nginx, "GATEWAY_UPSTREAM").getValue().split(":");
		assertThat(gateway[0]).isEqualTo("gateway.platform.svc.cluster.local");
		assertThat(Manifests.serviceExists(overlay, gateway[0], Integer.parseInt(gateway[1]))).isTrue();
	}

	@Test
	void theGatewayRouteNeedsAGrafanaSessionAddsTheKeyAndReachesOnlyTheAdminApi() {
		String template = template("dev");
		String admin = location(template, "/gateway-proxy/admin/");
		assertThat(admin).contains("auth_request /_grafana_session_check;")
			.contains("proxy_pass http://gateway_backend/admin/;")
			.contains("proxy_set_header Authorization \"Bearer ${GATEWAY_ADMIN_API_KEY}\";")
			.contains("proxy_set_header Cookie \"\";")
			.containsPattern("limit_except GET PUT DELETE \\{\\s*deny all;\\s*}");
		String check = location(template, "= /_grafana_session_check");
		assertThat(check).contains("internal;", "proxy_method GET;", "proxy_pass http://grafana_backend$ops_grafana_check;",
				"proxy_pass_request_body off;");
		// Reads need a session (Grafana's /api/user: 401 without one); writes need an editor of the dashboard.
		assertThat(template).containsPattern("map \\$request_method \\$ops_grafana_check \\{\\s*GET\\s+/api/user;"
				+ "\\s*HEAD\\s+/api/user;\\s*default\\s+/api/dashboards/uid/llm-controlled-failures/versions\\?limit=1;\\s*}");
		assertThat(location(template, "/gateway-proxy/")).contains("return 404;");
		assertThat(template).containsPattern("upstream grafana_backend \\{\\s*server \\$\\{GRAFANA_UPSTREAM};\\s*}")
			.containsPattern("upstream gateway_backend \\{\\s*server \\$\\{GATEWAY_UPSTREAM};\\s*}")
			.contains("listen ${NGINX_LISTEN_PORT};");
		// The key only in the Authorization header of the admin route.
		assertThat(template.split(Pattern.quote("${GATEWAY_ADMIN_API_KEY}"), -1)).hasSize(2);
	}

	@Test
	void theRenderedTemplateIsValidNginx(@TempDir Path dir) throws IOException {
		Manifests.requireTool("nginx", "nginx -t checks the rendered sidecar configuration (Debian package nginx)");
		Map<String, String> values = new LinkedHashMap<>();
		values.put("NGINX_LISTEN_PORT", "3000");
		values.put("GRAFANA_UPSTREAM", "127.0.0.1:3001");
		values.put("GATEWAY_UPSTREAM", "127.0.0.1:8000");
		values.put("GATEWAY_ADMIN_API_KEY", "not-a-key");
		String rendered = render(template("dev"), values);
		assertThat(variables(rendered)).isEmpty();
		assertThat(rendered).contains("$request_method", "$host", "$proxy_add_x_forwarded_for");
		Files.writeString(dir.resolve("default.conf"), rendered);
		Files.createDirectories(dir.resolve("logs"));
		Files.writeString(dir.resolve("nginx.conf"), """
				pid %1$s/nginx.pid;
				error_log %1$s/logs/error.log;
				events {}
				http {
				    access_log off;
				    client_body_temp_path %1$s/client_temp;
				    proxy_temp_path %1$s/proxy_temp;
				    fastcgi_temp_path %1$s/fastcgi_temp;
				    uwsgi_temp_path %1$s/uwsgi_temp;
				    scgi_temp_path %1$s/scgi_temp;
				    include %1$s/default.conf;
				}
				""".formatted(dir));
		// nginx -t reports on stderr.
		String out = Manifests.run(dir, List.of("bash", "-c", "nginx -t -p '%1$s' -e '%1$s/logs/error.log' -c '%1$s/nginx.conf' 2>&1"
			.formatted(dir)));
		assertThat(out).contains("syntax is ok", "test is successful");
	}

	@Test
	void theAdminKeyIsInNoCommittedFileAndNoRenderedObject() throws IOException {
		for (String overlay : Manifests.OVERLAYS) {
			assertThat(Manifests.all(overlay, Secret.class).stream().map((s) -> s.getMetadata().getName()))
				.as(overlay + ": Secrets are made by create-secrets.sh, not rendered")
				.doesNotContain("grafana-gateway-admin");
		}
		// Any Authorization header that a committed file sets (nginx, manifests, scripts, docs) takes its value from a
		// variable, never a literal key.
		Manifests.requireTool("git", "git ls-files lists the committed files");
		Path repository = Manifests.moduleDir().getParent();
		Pattern literalBearer = Pattern.compile("Bearer (?!\\$\\{)[A-Za-z0-9_\\-]{16,}");
		List<String> offenders = new ArrayList<>();
		for (String file : Manifests.run(repository, List.of("git", "ls-files")).split("\n")) {
			Path path = repository.resolve(file);
			if (file.isBlank() || file.endsWith(".png") || file.endsWith("package-lock.json") || !Files.isRegularFile(path)) {
				continue;
			}
			if (literalBearer.matcher(new String(Files.readAllBytes(path), java.nio.charset.StandardCharsets.UTF_8)).find()) {
				offenders.add(file);
			}
		}
		assertThat(offenders).isEmpty();
	}

	static String template(String overlay) {
		return Manifests.configMap(overlay, "observability", "grafana-nginx-templates").getData().get("default.conf.template");
	}

	/** What nginx-unprivileged's entrypoint (envsubst with a list of names) does. */
	static String render(String template, Map<String, String> values) {
		Matcher matcher = TEMPLATE_VARIABLE.matcher(template);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			matcher.appendReplacement(out, Matcher.quoteReplacement((value != null) ? value : matcher.group()));
		}
		return matcher.appendTail(out).toString();
	}

	static Set<String> variables(String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = TEMPLATE_VARIABLE.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/** The body of {@code location <spec> { ... }} (no nested blocks but limit_except's). */
	private static String location(String conf, String spec) {
		Matcher matcher = Pattern.compile("location " + Pattern.quote(spec) + " \\{((?:[^{}]|\\{[^{}]*})*)}").matcher(conf);
		assertThat(matcher.find()).as("location " + spec).isTrue();
		return matcher.group(1);
	}

	private static PodSpec grafanaPod(String overlay) {
		return Manifests.workloads(overlay)
			.stream()
			.filter((w) -> w.object().getMetadata().getName().equals("grafana"))
			.findFirst()
			.orElseThrow()
			.template()
			.getSpec();
	}

	private static Container container(List<Container> containers, String name) {
		return containers.stream().filter((c) -> c.getName().equals(name)).findFirst()
			.orElseThrow(() -> new AssertionError("no container " + name));
	}

	private static EnvVar env(Container container, String name) {
		return container.getEnv().stream().filter((e) -> e.getName().equals(name)).findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
	}

	private static VolumeMount mountAt(Container container, String path) {
		return container.getVolumeMounts().stream().filter((m) -> m.getMountPath().equals(path)).findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
	}

	private static Volume volume(PodSpec pod, String name) {
		return pod.getVolumes().stream().filter((v) -> v.getName().equals(name)).findFirst().orElseThrow();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
