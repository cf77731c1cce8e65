package io.llmplatform.k8s;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The policies every workload follows, and what our own services need from Kubernetes. */
class WorkloadPolicyTests {

	static final List<String> OVERLAYS = Manifests.OVERLAYS;

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyWorkloadIsLockedDownAndSized(String overlay) {
		List<Manifests.Workload> workloads = Manifests.workloads(overlay);
		assertThat(workloads).hasSizeGreaterThanOrEqualTo(5);
		for (Manifests.Workload workload : workloads) {
			PodSecurityContext pod = workload.template().getSpec().getSecurityContext();
			for (Container container : RenderedManifestsTests.containers(workload)) {
				String where = workload.id() + " container " + container.getName();
				SecurityContext sc = container.getSecurityContext();
				assertThat(sc).as(where + " securityContext").isNotNull();
				boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
						|| (pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot()));
				assertThat(nonRoot).as(where + " runAsNonRoot").isTrue();
				Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : (pod != null ? pod.getRunAsUser() : null);
				assertThat(uid).as(where + " runs as a numeric non-zero uid").isNotNull().isPositive();
				String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
						: (pod != null && pod.getSeccompProfile() != null ? pod.getSeccompProfile().getType() : null);
				assertThat(seccomp).as(where + " seccompProfile").isEqualTo("RuntimeDefault");
				assertThat(sc.getReadOnlyRootFilesystem()).as(where + " readOnlyRootFilesystem").isTrue();
				assertThat(sc.getAllowPrivilegeEscalation()).as(where + " allowPrivilegeEscalation").isFalse();
				assertThat(sc.getPrivileged()).as(where + " privileged").isNotEqualTo(Boolean.TRUE);
				assertThat(sc.getCapabilities()).as(where + " capabilities").isNotNull();
				assertThat(sc.getCapabilities().getDrop()).as(where + " drops").contains("ALL");
				assertThat(sc.getCapabilities().getAdd()).as(where + " adds").isNullOrEmpty();
				var resources = container.getResources();
				assertThat(resources).as(where + " resources").isNotNull();
				assertThat(resources.getRequests()).as(where + " requests").containsKeys("cpu", "memory");
				assertThat(resources.getLimits()).as(where + " limits").containsKeys("cpu", "memory");
			}
			assertThat(workload.template().getSpec().getHostNetwork()).as(workload.id()).isNotEqualTo(Boolean.TRUE);
			assertThat(workload.template().getSpec().getHostPID()).as(workload.id()).isNotEqualTo(Boolean.TRUE);
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void ourServicesHaveProbesTelemetryEnvAndScrapeAnnotations(String overlay) {
		List<Manifests.Workload> services = Manifests.workloads(overlay).stream()
			.filter((w) -> "service".equals(w.label("app.kubernetes.io/component")))
			.toList();
		assertThat(services.stream().map((w) -> w.object().getMetadata().getName()))
			.containsExactlyInAnyOrder("gateway", "team-quant", "team-finetune", "team-eval");
		for (Manifests.Workload service : services) {
			String name = service.object().getMetadata().getName();
			Container app = service.template().getSpec().getContainers().stream()
				.filter((c) -> c.getName().equals("app")).findFirst()
				.orElseThrow(() -> new AssertionError(name + " has no container app"));
			Map<String, EnvVar> env = app.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, (e) -> e));
			int management = port(app, "management");
			int http = port(app, "http");
			assertThat(value(env, "MANAGEMENT_SERVER_PORT")).as(name).isEqualTo(String.valueOf(management));
			assertThat(value(env, "SERVER_PORT")).as(name).isEqualTo(String.valueOf(http));
			assertThat(management).as(name + ": management port is the service port + 1000").isEqualTo(http + 1000);

			assertHealthProbe(name + " liveness", app.getLivenessProbe(), "/actuator/health/liveness");
			assertHealthProbe(name + " readiness", app.getReadinessProbe(), "/actuator/health/readiness");
			assertHealthProbe(name + " startup", app.getStartupProbe(), "/actuator/health/liveness");
			assertThat(app.getStartupProbe().getFailureThreshold() * app.getStartupProbe().getPeriodSeconds())
				.as(name + ": the startup probe gives a JVM time to start").isGreaterThanOrEqualTo(60);

			assertThat(value(env, "OTEL_SERVICE_NAME")).as(name).isEqualTo(name);
			assertThat(value(env, "OTEL_RESOURCE_ATTRIBUTES")).as(name)
				.matches("(.*,)?deployment\\.environment\\.name=(dev|production)(,.*)?");
			String endpoint = value(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
			if (overlay.equals("alloy")) {
				assertThat(endpoint).as(name).isEqualTo(AlloyAndEksTests.ALLOY_RECEIVER_ENDPOINT);
			}
			else {
				var uri = java.net.URI.create(endpoint);
				assertThat(Manifests.serviceExists(overlay, uri.getHost(), uri.getPort()))
					.as(name + ": OTLP endpoint " + endpoint + " is a rendered collector Service").isTrue();
				assertThat(uri.getPort()).isEqualTo(4318);
			}
			assertThat(value(env, "MANAGEMENT_OTLP_METRICS_EXPORT_ENABLED")).as(name
					+ ": metrics are scraped, not also pushed (double counting)").isEqualTo("false");
			assertThat(env.get("K8S_POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
			assertThat(env.get("K8S_POD_UID").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.uid");
			assertThat(env.get("K8S_NAMESPACE_NAME").getValueFrom().getFieldRef().getFieldPath())
				.isEqualTo("metadata.namespace");
			assertThat(env.get("K8S_NODE_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
			assertThat(env).containsKeys("K8S_CONTAINER_NAME", "K8S_DEPLOYMENT_NAME");

			Map<String, String> annotations = service.template().getMetadata().getAnnotations();
			assertThat(annotations).as(name).containsEntry("prometheus.io/scrape", "true")
				.containsEntry("prometheus.io/port", String.valueOf(management))
				.containsEntry("prometheus.io/path", "/actuator/prometheus");

			var pod = service.template().getSpec().getSecurityContext();
			assertThat(pod.getRunAsUser()).as(name + " runs as the images' uid").isEqualTo(1000L);
			VolumeMount tmp = app.getVolumeMounts().stream().filter((m) -> m.getMountPath().equals("/tmp"))
				.findFirst().orElseThrow(() -> new AssertionError(name + " has no /tmp mount"));
			Volume volume = service.template().getSpec().getVolumes().stream()
				.filter((v) -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
			assertThat(volume.getEmptyDir()).as(name + " /tmp is an emptyDir").isNotNull();
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void teamsTalkToTheModelsOfTheirEnvironment(String overlay) {
		for (String team : Manifests.TEAMS) {
			Container app = Manifests.workloads(overlay).stream()
				.filter((w) -> w.object().getMetadata().getName().equals("team-" + team))
				.findFirst().orElseThrow().template().getSpec().getContainers().get(0);
			Map<String, String> env = app.getEnv().stream().filter((e) -> e.getValue() != null)
				.collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
			String vllm = env.get("VLLM_CLIENT_BASEURL");
			assertThat(vllm).as("team-" + team + " VLLM_CLIENT_BASEURL").isNotNull();
			var vllmUri = java.net.URI.create(vllm);
			assertThat(Manifests.serviceExists(overlay, vllmUri.getHost(), vllmUri.getPort())).as(vllm).isTrue();
			if (overlay.equals("eks")) {
				assertThat(env).as("team-" + team + ": real SageMaker").doesNotContainKey("PLATFORM_SAGEMAKER_ENDPOINTOVERRIDE")
					.containsEntry("SPRING_PROFILES_ACTIVE", "eks").containsKey("PLATFORM_SAGEMAKER_REGION");
				assertThat(vllmUri.getHost()).startsWith("vllm-baseline.");
			}
			else {
				String override = env.get("PLATFORM_SAGEMAKER_ENDPOINTOVERRIDE");
				assertThat(override).as("team-" + team).isEqualTo("http://model-simulator.models.svc.cluster.local:8200");
				assertThat(vllm).isEqualTo(override);
			}
		}
	}

	@org.junit.jupiter.api.Test
	void theVllmBaselineRunsOnAGpuWithItsMetricsScraped() {
		Manifests.Workload vllm = Manifests.workloads("eks").stream()
			.filter((w) -> w.object().getMetadata().getName().equals("vllm-baseline")).findFirst().orElseThrow();
		Container container = vllm.template().getSpec().getContainers().get(0);
		assertThat(container.getImage()).matches("vllm/vllm-openai:v\\d+\\.\\d+\\.\\d+");
		assertThat(container.getResources().getLimits()).containsKey("nvidia.com/gpu");
		assertThat(container.getArgs()).contains("--served-model-name=llm-baseline");
		assertThat(vllm.template().getSpec().getTolerations())
			.anyMatch((t) -> "nvidia.com/gpu".equals(t.getKey()));
		assertThat(vllm.template().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
			.containsEntry("prometheus.io/path", "/metrics")
			.containsEntry("prometheus.io/port", String.valueOf(port(container, "http")));
		assertThat(container.getStartupProbe()).isNotNull();
	}

	private static void assertHealthProbe(String what, Probe probe, String path) {
		assertThat(probe).as(what).isNotNull();
		assertThat(probe.getHttpGet()).as(what + " httpGet").isNotNull();
		assertThat(probe.getHttpGet().getPath()).as(what + " path").isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).as(what + " port").isEqualTo("management");
	}

	private static int port(Container container, String name) {
		Optional<ContainerPort> port = container.getPorts().stream().filter((p) -> name.equals(p.getName())).findFirst();
		return port.orElseThrow(() -> new AssertionError(container.getName() + " has no port " + name))
			.getContainerPort();
	}

	private static String value(Map<String, EnvVar> env, String name) {
		EnvVar var = env.get(name);
		assertThat(var).as("env " + name).isNotNull();
		return var.getValue();
	}

}
