package io.llmplatform.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every overlay renders, parses strictly, and hangs together: every reference points at a rendered object. */
class RenderedManifestsTests {

	static final List<String> OVERLAYS = Manifests.OVERLAYS;

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void rendersIntoKnownKindsWithKnownFieldsOnly(String overlay) {
		// Manifests.rendered fails on an unknown kind or field; here: the namespaces every overlay must have.
		List<String> namespaces = Manifests.all(overlay, Namespace.class).stream()
			.map((n) -> n.getMetadata().getName())
			.toList();
		assertThat(namespaces).contains("observability", "platform", "team-quant", "team-finetune", "team-eval",
				"models");
		for (HasMetadata object : Manifests.rendered(overlay)) {
			boolean clusterScoped = object instanceof Namespace
					|| object.getKind().startsWith("Cluster") || object.getKind().equals("StorageClass");
			assertThat(clusterScoped || object.getMetadata().getNamespace() != null)
				.as(object.getKind() + " " + object.getMetadata().getName() + " has a namespace")
				.isTrue();
			if (!clusterScoped) {
				assertThat(namespaces).as("namespace of " + object.getKind() + " " + object.getMetadata().getName())
					.contains(object.getMetadata().getNamespace());
			}
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void noSecretIsRenderedAndImagesArePinned(String overlay) {
		assertThat(Manifests.all(overlay, Secret.class)).as("Secrets are created by documented commands, never"
				+ " rendered from the repository").isEmpty();
		for (Manifests.Workload workload : Manifests.workloads(overlay)) {
			for (Container container : containers(workload)) {
				String image = container.getImage();
				assertThat(image).as(workload.id() + " image").matches(".+(:[\\w][\\w.-]*|@sha256:[0-9a-f]{64})$");
				assertThat(image).as(workload.id() + " image").doesNotEndWith(":latest");
			}
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void referencesResolveToRenderedObjects(String overlay) {
		for (Manifests.Workload workload : Manifests.workloads(overlay)) {
			String ns = workload.object().getMetadata().getNamespace();
			var spec = workload.template().getSpec();
			for (Volume volume : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
				if (volume.getConfigMap() != null && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
					assertThat(Manifests.find(overlay, ConfigMap.class, ns, volume.getConfigMap().getName()))
						.as(workload.id() + " volume " + volume.getName()).isPresent();
				}
				if (volume.getPersistentVolumeClaim() != null) {
					assertThat(Manifests.find(overlay, PersistentVolumeClaim.class, ns,
							volume.getPersistentVolumeClaim().getClaimName()))
						.as(workload.id() + " claim").isPresent();
				}
				if (volume.getSecret() != null) {
					// Only the gateway's key file is a Secret volume: a file, so that keys rotate without a restart.
					assertThat(workload.id() + " " + volume.getSecret().getSecretName())
						.isEqualTo("Deployment platform/gateway gateway-secrets");
				}
			}
			if (spec.getServiceAccountName() != null) {
				assertThat(Manifests.find(overlay, ServiceAccount.class, ns, spec.getServiceAccountName()))
					.as(workload.id() + " service account").isPresent();
			}
			for (Container container : containers(workload)) {
				for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
					if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
						// Secrets are not rendered: only the documented ones may be referenced.
						assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(workload.id() + " " + env.getName())
							.isIn("grafana-secrets", "vllm-hf-token", "gateway-secrets", "team-secrets", "simulator-secrets",
									"quota-redis-secrets", "grafana-gateway-admin");
					}
				}
			}
		}
		for (Service service : Manifests.all(overlay, Service.class)) {
			Map<String, String> selector = service.getSpec().getSelector();
			boolean matched = Manifests.workloads(overlay).stream()
				.filter((w) -> Objects.equals(w.object().getMetadata().getNamespace(),
						service.getMetadata().getNamespace()))
				.anyMatch((w) -> w.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()));
			assertThat(matched).as("Service " + service.getMetadata().getName() + " selects a pod template").isTrue();
		}
		for (HorizontalPodAutoscaler hpa : Manifests.all(overlay, HorizontalPodAutoscaler.class)) {
			assertThat(Manifests.workloads(overlay).stream()
				.anyMatch((w) -> w.object().getMetadata().getName().equals(hpa.getSpec().getScaleTargetRef().getName())
						&& w.object().getMetadata().getNamespace().equals(hpa.getMetadata().getNamespace())))
				.as("HPA target " + hpa.getMetadata().getName()).isTrue();
		}
		for (Ingress ingress : Manifests.all(overlay, Ingress.class)) {
			for (IngressRule rule : ingress.getSpec().getRules()) {
				rule.getHttp().getPaths().forEach((path) -> {
					var backend = path.getBackend().getService();
					Service service = Manifests
						.find(overlay, Service.class, ingress.getMetadata().getNamespace(), backend.getName())
						.orElseThrow(() -> new AssertionError("Ingress backend " + backend.getName()));
					assertThat(service.getSpec().getPorts()).as("Ingress backend port")
						.anyMatch((p) -> p.getName().equals(backend.getPort().getName()));
				});
			}
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void grafanaContentIsLoadedWhereTheStackRuns(String overlay) throws IOException {
		boolean inClusterStack = !overlay.equals("alloy");
		boolean hasRules = Manifests.all(overlay, ConfigMap.class).stream()
			.anyMatch((c) -> c.getMetadata().getName().startsWith("prometheus-rules"));
		assertThat(hasRules).as("prometheus-rules in " + overlay).isEqualTo(inClusterStack);
		if (!inClusterStack) {
			return;
		}
		// Every rule file and dashboard of grafana/ is in the ConfigMaps (kustomize has no globs: a file added to
		// grafana/ but not to grafana/kustomization.yaml would silently not be deployed).
		ConfigMap rules = Manifests.configMap(overlay, "observability", "prometheus-rules");
		ConfigMap dashboards = Manifests.configMap(overlay, "observability", "grafana-dashboards");
		assertThat(rules.getData().keySet()).containsAll(fileNames(Manifests.grafanaDir().resolve("alerts"), ".yaml"));
		assertThat(dashboards.getData().keySet())
			.containsAll(fileNames(Manifests.grafanaDir().resolve("dashboards"), ".json"));
	}

	@org.junit.jupiter.api.Test
	void secretTemplatesAreNotPartOfAnyKustomization() throws IOException {
		List<Path> kustomizations = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Manifests.moduleDir())) {
			files.filter((p) -> p.getFileName().toString().equals("kustomization.yaml"))
				.filter((p) -> !p.startsWith(Manifests.moduleDir().resolve("target")))
				.forEach(kustomizations::add);
		}
		assertThat(kustomizations).hasSizeGreaterThan(5);
		for (Path kustomization : kustomizations) {
			assertThat(Files.readString(kustomization)).as(kustomization.toString()).doesNotContain(".example.yaml");
		}
		assertThat(Manifests.moduleDir().resolve("base/observability/grafana-secrets.example.yaml")).exists();
		assertThat(Manifests.moduleDir().resolve("alloy/grafana-cloud-credentials.example.yaml")).exists();
	}

	static List<Container> containers(Manifests.Workload workload) {
		List<Container> containers = new ArrayList<>(workload.template().getSpec().getContainers());
		if (workload.template().getSpec().getInitContainers() != null) {
			containers.addAll(workload.template().getSpec().getInitContainers());
		}
		return containers;
	}

	private static List<String> fileNames(Path dir, String suffix) throws IOException {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(dir)) {
			return files.map((p) -> p.getFileName().toString()).filter((n) -> n.endsWith(suffix)).toList();
		}
	}

}
