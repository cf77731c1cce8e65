package io.llmplatform.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana Cloud (Alloy) variant and the EKS specifics: IRSA, IAM policies, storage, ingress. */
class AlloyAndEksTests {

	static final String ALLOY_RECEIVER_ENDPOINT =
			"http://grafana-k8s-monitoring-alloy-receiver.observability.svc.cluster.local:4318";

	private static final Map<String, List<String>> TEAM_ENDPOINTS = Map.of("quant", List.of("quant-endpoint"),
			"finetune", List.of("finetune-endpoint"), "eval", List.of("judge-endpoint"));

	@Test
	void alloyValuesUseTheV4SchemaAndTheReceiverTheServicesSendTo() throws Exception {
		Path valuesFile = Manifests.moduleDir().resolve("alloy/values.yaml");
		JsonNode values = Manifests.yamlFile(valuesFile);
		assertThat(values.path("destinations").isObject()).as("v4: destinations is a map").isTrue();
		assertThat(values.has("externalServices")).as("v1 schema of seed 001").isFalse();
		assertThat(values.at("/applicationObservability/enabled").asBoolean()).isTrue();
		String collector = values.at("/applicationObservability/collector").asText();
		assertThat(values.path("collectors").has(collector)).isTrue();
		assertThat(values.at("/applicationObservability/receivers/otlp/http/port").asInt()).isEqualTo(4318);
		assertThat(values.at("/applicationObservability/receivers/otlp/grpc/port").asInt()).isEqualTo(4317);
		// Every feature names a declared collector.
		values.properties().forEach((e) -> {
			if (e.getValue().has("collector")) {
				assertThat(values.path("collectors").has(e.getValue().path("collector").asText())).as(e.getKey()).isTrue();
			}
		});
		// The receiver Service is <release>-<collector>, in the namespace of the install command.
		Matcher install = Pattern.compile("helm upgrade --install (\\S+) grafana/k8s-monitoring --version (\\S+) \\\\\\s*#\\s*"
				+ "--namespace (\\S+)").matcher(Files.readString(valuesFile));
		assertThat(install.find()).as("install command in values.yaml").isTrue();
		assertThat(ALLOY_RECEIVER_ENDPOINT)
			.isEqualTo("http://" + install.group(1) + "-" + collector + "." + install.group(3) + ".svc.cluster.local:4318");
		assertThat(install.group(2)).startsWith("4.");

		// Credentials come from the Secret of the template, by keys the template has.
		JsonNode template = Manifests.yamlFile(Manifests.moduleDir().resolve("alloy/grafana-cloud-credentials.example.yaml"));
		Set<String> keys = new java.util.HashSet<>();
		template.path("stringData").fieldNames().forEachRemaining(keys::add);
		values.path("destinations").properties().forEach((d) -> {
			JsonNode destination = d.getValue();
			assertThat(destination.at("/secret/create").asBoolean(true)).as(d.getKey()).isFalse();
			assertThat(destination.at("/secret/name").asText()).isEqualTo(template.at("/metadata/name").asText());
			assertThat(destination.at("/secret/namespace").asText()).isEqualTo(template.at("/metadata/namespace").asText());
			assertThat(keys).contains(destination.at("/auth/usernameKey").asText(), destination.at("/auth/passwordKey").asText());
			assertThat(destination.at("/auth").has("password")).as(d.getKey() + ": no inline password").isFalse();
		});
	}

	@Test
	void alloyOverlayLeavesOutTheInClusterStack() {
		List<String> observability = new ArrayList<>();
		Manifests.rendered("alloy").stream()
			.filter((o) -> "observability".equals(o.getMetadata().getNamespace()))
			.forEach((o) -> observability.add(o.getKind() + "/" + o.getMetadata().getName()));
		assertThat(observability).as("Helm installs Alloy there; nothing of ours").isEmpty();
		assertThat(Manifests.rendered("alloy")).noneMatch((o) -> o.getKind().startsWith("Cluster"));
	}

	/**
	 * The chart's pods run in observability: alloy-logs reads the nodes' /var/log (hostPath, preset
	 * filesystem-log-reader), node-exporter uses hostNetwork and hostPID. Pod Security Admission's "restricted" and
	 * "baseline" levels reject those pods, so that namespace must enforce "privileged" in the alloy overlay; ours stay
	 * restricted.
	 */
	@Test
	void alloyOverlayLetsTheChartsPodsRunAndKeepsOurNamespacesRestricted() {
		JsonNode values = Manifests.yamlFile(Manifests.moduleDir().resolve("alloy/values.yaml"));
		boolean hostPath = values.at("/collectors/alloy-logs/presets").toString().contains("filesystem-log-reader");
		boolean hostNetwork = values.at("/telemetryServices/node-exporter/deploy").asBoolean(true);
		assertThat(hostPath || hostNetwork).as("the chart deploys host-level pods").isTrue();
		for (var namespace : Manifests.all("alloy", io.fabric8.kubernetes.api.model.Namespace.class)) {
			String name = namespace.getMetadata().getName();
			String enforce = namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce");
			if (name.equals("observability")) {
				assertThat(enforce).as("PSA level of observability, where Helm installs Alloy").isEqualTo("privileged");
				assertThat(namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/warn", "restricted");
			}
			else {
				assertThat(enforce).as("PSA level of " + name).isEqualTo("restricted");
			}
		}
		for (String overlay : List.of("dev", "eks")) {
			assertThat(Manifests.find(overlay, io.fabric8.kubernetes.api.model.Namespace.class, null, "observability")
				.orElseThrow().getMetadata().getLabels()).as(overlay + ": our own stack only")
				.containsEntry("pod-security.kubernetes.io/enforce", "restricted");
		}
	}

	/** Our services send their logs by OTLP to alloy-receiver; reading their stdout as well stores every line twice. */
	@Test
	void alloyCollectsEachServicesLogsOnce() {
		JsonNode values = Manifests.yamlFile(Manifests.moduleDir().resolve("alloy/values.yaml"));
		assertThat(values.at("/podLogsViaLoki/enabled").asBoolean()).isTrue();
		List<String> excluded = new ArrayList<>();
		values.at("/podLogsViaLoki/excludeNamespaces").forEach((n) -> excluded.add(n.asText()));
		for (Deployment deployment : Manifests.all("alloy", Deployment.class)) {
			var env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
			boolean otlpLogs = env.stream().anyMatch((e) -> e.getName().equals("OTEL_EXPORTER_OTLP_ENDPOINT"))
					&& env.stream().noneMatch((e) -> e.getName().equals("OTEL_LOGS_EXPORTER") && "none".equals(e.getValue()));
			String namespace = deployment.getMetadata().getNamespace();
			if (otlpLogs) {
				assertThat(excluded).as(deployment.getMetadata().getName() + " logs by OTLP: its namespace is not read from stdout")
					.contains(namespace);
			}
			else {
				assertThat(excluded).as(deployment.getMetadata().getName() + " logs only to stdout: read it").doesNotContain(namespace);
			}
		}
	}

	/** Seed 001, 8.2: EKS-specific values, layered on values.yaml, in the v4 schema. */
	@Test
	void eksAlloyValuesLayerOnTheBaseValuesInTheV4Schema() throws Exception {
		Path eksFile = Manifests.moduleDir().resolve("alloy/values-eks.yaml");
		assertThat(eksFile).as("k8s/alloy/values-eks.yaml").isRegularFile();
		JsonNode eks = Manifests.yamlFile(eksFile);
		JsonNode values = Manifests.yamlFile(Manifests.moduleDir().resolve("alloy/values.yaml"));
		for (String v1 : List.of("externalServices", "metrics", "logs", "traces", "alloy-logs", "alloy-receiver")) {
			assertThat(eks.has(v1)).as("v1 key " + v1 + " of seed 001").isFalse();
		}
		assertThat(eks.at("/cluster/name").asText()).isNotBlank().isNotEqualTo(values.at("/cluster/name").asText());
		assertThat(eks.at("/clusterMetrics/apiServer/enabled").asBoolean()).isTrue();
		assertThat(eks.at("/clusterMetrics/kubeControllerManager/enabled").asBoolean(true)).as("managed control plane").isFalse();
		assertThat(eks.at("/clusterMetrics/kubeScheduler/enabled").asBoolean(true)).as("managed control plane").isFalse();
		eks.path("collectors").properties().forEach((collector) -> {
			assertThat(values.path("collectors").has(collector.getKey())).as("collector " + collector.getKey()).isTrue();
			assertThat(collector.getValue().path("presets")).as("helm replaces lists: presets repeated as in values.yaml")
				.isEqualTo(values.path("collectors").path(collector.getKey()).path("presets"));
		});
		assertThat(Files.readString(Manifests.moduleDir().resolve("README.md")))
			.contains("--values k8s/alloy/values.yaml --values k8s/alloy/values-eks.yaml");
	}

	@Test
	void eachTeamRunsAsItsOwnIrsaRoleAllowedOnlyItsEndpoints() throws Exception {
		for (String team : Manifests.TEAMS) {
			String ns = "team-" + team;
			ServiceAccount account = Manifests.find("eks", ServiceAccount.class, ns, ns).orElseThrow();
			String roleArn = account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn");
			assertThat(roleArn).matches("arn:aws:iam::\\d{12}:role/llmplatform-team-" + team);
			Deployment deployment = Manifests.find("eks", Deployment.class, ns, ns).orElseThrow();
			assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(ns);

			JsonNode policy = Manifests.jsonFile(Manifests.moduleDir().resolve("overlays/eks/iam/" + ns + "-policy.json"));
			assertThat(policy.path("Statement").size()).isEqualTo(1);
			JsonNode statement = policy.path("Statement").get(0);
			assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
			List<String> actions = new ArrayList<>();
			statement.path("Action").forEach((a) -> actions.add(a.asText()));
			assertThat(actions).containsExactlyInAnyOrder("sagemaker:InvokeEndpoint",
					"sagemaker:InvokeEndpointWithResponseStream");
			List<String> resources = new ArrayList<>();
			statement.path("Resource").forEach((r) -> resources.add(r.asText()));
			assertThat(resources).hasSameSizeAs(TEAM_ENDPOINTS.get(team));
			for (String resource : resources) {
				assertThat(resource).doesNotContain("*");
				String endpoint = resource.replaceAll("^arn:aws:sagemaker:[a-z0-9-]+:\\d{12}:endpoint/", "");
				assertThat(TEAM_ENDPOINTS.get(team)).as(ns + " resource " + resource).contains(endpoint);
			}
			JsonNode trust = Manifests.jsonFile(Manifests.moduleDir().resolve("overlays/eks/iam/" + ns + "-trust.json"));
			assertThat(trust.toString()).contains("\"system:serviceaccount:" + ns + ":" + ns + "\"")
				.contains("sts:AssumeRoleWithWebIdentity");
		}
	}

	@Test
	void eksKeepsObservabilityDataOnGp3AndExposesGatewayAndGrafanaThroughOneAlb() {
		var storageClass = Manifests.find("eks", io.fabric8.kubernetes.api.model.storage.StorageClass.class, null, "gp3")
			.orElseThrow();
		assertThat(storageClass.getProvisioner()).isEqualTo("ebs.csi.aws.com");
		assertThat(storageClass.getParameters()).containsEntry("type", "gp3");
		for (String claim : List.of("prometheus-data", "loki-data", "tempo-data")) {
			var pvc = Manifests.find("eks", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
					"observability", claim).orElseThrow();
			assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("gp3");
		}
		for (String name : List.of("prometheus", "loki", "tempo")) {
			var data = Manifests.find("eks", Deployment.class, "observability", name).orElseThrow()
				.getSpec().getTemplate().getSpec().getVolumes().stream().filter((v) -> v.getName().equals("data"))
				.findFirst().orElseThrow();
			assertThat(data.getEmptyDir()).as(name).isNull();
			assertThat(data.getPersistentVolumeClaim().getClaimName()).isEqualTo(name + "-data");
		}
		var ingresses = Manifests.all("eks", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);
		assertThat(ingresses).extracting((i) -> i.getMetadata().getName()).containsExactlyInAnyOrder("gateway", "grafana");
		ingresses.forEach((i) -> {
			assertThat(i.getSpec().getIngressClassName()).isEqualTo("alb");
			assertThat(i.getMetadata().getAnnotations()).containsEntry("alb.ingress.kubernetes.io/group.name", "llm-platform")
				.containsKey("alb.ingress.kubernetes.io/scheme");
		});
		assertThat(Manifests.all("eks", io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class))
			.extracting((h) -> h.getSpec().getScaleTargetRef().getName())
			.containsExactlyInAnyOrder("gateway", "team-quant", "team-finetune", "team-eval");
	}

}
