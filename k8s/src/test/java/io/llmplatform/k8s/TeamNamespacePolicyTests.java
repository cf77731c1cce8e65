package io.llmplatform.k8s;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each team namespace: ResourceQuota, LimitRange, and NetworkPolicies that admit traffic only from the gateway
 * (and scraping from observability on the management port) and let out only DNS, OTLP and the model endpoints.
 */
class TeamNamespacePolicyTests {

	static final List<String> OVERLAYS = Manifests.OVERLAYS;

	private static final Map<String, int[]> PORTS = Map.of("quant", new int[] { 8101, 9101 }, "finetune",
			new int[] { 8102, 9102 }, "eval", new int[] { 8103, 9103 });

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyTeamNamespaceHasAQuotaAndALimitRange(String overlay) {
		for (String team : Manifests.TEAMS) {
			String ns = "team-" + team;
			List<ResourceQuota> quotas = inNamespace(Manifests.all(overlay, ResourceQuota.class), ns);
			assertThat(quotas).as(ns + " ResourceQuota").hasSize(1);
			assertThat(quotas.get(0).getSpec().getHard()).as(ns + " quota")
				.containsKeys("pods", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory");
			List<LimitRange> ranges = inNamespace(Manifests.all(overlay, LimitRange.class), ns);
			assertThat(ranges).as(ns + " LimitRange").hasSize(1);
			LimitRangeItem item = ranges.get(0).getSpec().getLimits().stream()
				.filter((l) -> "Container".equals(l.getType())).findFirst().orElseThrow();
			assertThat(item.getDefault()).containsKeys("cpu", "memory");
			assertThat(item.getDefaultRequest()).containsKeys("cpu", "memory");
			assertThat(item.getMax()).containsKeys("cpu", "memory");
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void teamsAcceptTrafficOnlyFromTheGatewayAndScrapesOnlyOnManagement(String overlay) {
		for (String team : Manifests.TEAMS) {
			String ns = "team-" + team;
			int http = PORTS.get(team)[0];
			int management = PORTS.get(team)[1];
			List<NetworkPolicy> policies = inNamespace(Manifests.all(overlay, NetworkPolicy.class), ns);
			assertDefaultDeny(ns, policies);
			boolean gatewayAllowed = false;
			for (NetworkPolicy policy : policies) {
				for (NetworkPolicyIngressRule rule : nullSafe(policy.getSpec().getIngress())) {
					String where = ns + " " + policy.getMetadata().getName();
					assertThat(rule.getFrom()).as(where + ": an ingress rule names its sources").isNotEmpty();
					Set<Integer> ports = ports(rule.getPorts());
					for (NetworkPolicyPeer peer : rule.getFrom()) {
						assertThat(peer.getIpBlock()).as(where).isNull();
						String source = namespaceOf(peer);
						if ("platform".equals(source)) {
							assertThat(peer.getPodSelector().getMatchLabels())
								.containsEntry("app.kubernetes.io/name", "gateway");
							assertThat(ports).as(where + " gateway ports").containsExactly(http);
							gatewayAllowed = true;
						}
						else {
							assertThat(source).as(where + " source namespace").isEqualTo("observability");
							assertThat(ports).as(where + " scrape ports").containsExactly(management);
						}
					}
				}
			}
			assertThat(gatewayAllowed).as(ns + " admits the gateway").isTrue();
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void teamsReachOnlyDnsTelemetryAndTheirModels(String overlay) {
		for (String team : Manifests.TEAMS) {
			String ns = "team-" + team;
			List<NetworkPolicy> policies = inNamespace(Manifests.all(overlay, NetworkPolicy.class), ns);
			Set<String> reached = new java.util.TreeSet<>();
			for (NetworkPolicy policy : policies) {
				for (NetworkPolicyEgressRule rule : nullSafe(policy.getSpec().getEgress())) {
					String where = ns + " " + policy.getMetadata().getName();
					assertThat(rule.getTo()).as(where + ": an egress rule names its destinations").isNotEmpty();
					assertThat(rule.getPorts()).as(where + ": an egress rule names its ports").isNotEmpty();
					Set<String> ports = rule.getPorts().stream()
						.map((p) -> p.getProtocol() + "/" + p.getPort().getIntVal()).collect(Collectors.toSet());
					for (NetworkPolicyPeer peer : rule.getTo()) {
						if (peer.getIpBlock() != null) {
							assertThat(overlay).as(where + ": only EKS leaves the cluster (SageMaker, STS)").isEqualTo("eks");
							assertThat(ports).as(where).containsExactly("TCP/443");
							assertThat(peer.getIpBlock().getExcept()).as(where + ": not the instance metadata service")
								.contains("169.254.169.254/32");
							reached.add("https");
							continue;
						}
						String target = namespaceOf(peer);
						switch (target) {
							case "kube-system" -> {
								assertThat(ports).as(where).containsExactlyInAnyOrder("UDP/53", "TCP/53");
								reached.add("dns");
							}
							case "observability" -> {
								assertThat(ports).as(where).containsExactlyInAnyOrder("TCP/4317", "TCP/4318");
								reached.add("otlp");
							}
							case "models" -> {
								String model = peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
								if (overlay.equals("eks")) {
									assertThat(model).isEqualTo("vllm-baseline");
									assertThat(ports).containsExactly("TCP/8000");
								}
								else {
									assertThat(model).isEqualTo("model-simulator");
									assertThat(ports).containsExactly("TCP/8200");
								}
								reached.add("models");
							}
							default -> throw new AssertionError(where + ": egress to namespace " + target);
						}
					}
				}
			}
			List<String> expected = new ArrayList<>(List.of("dns", "models", "otlp"));
			if (overlay.equals("eks")) {
				expected.add("https");
			}
			assertThat(reached).as(ns + " egress").containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	@Test
	void eksQuotasLeaveRoomForTheAutoscalersMaximum() {
		for (String team : Manifests.TEAMS) {
			String ns = "team-" + team;
			HorizontalPodAutoscaler hpa = Manifests.find("eks", HorizontalPodAutoscaler.class, ns, ns).orElseThrow();
			ResourceQuota quota = inNamespace(Manifests.all("eks", ResourceQuota.class), ns).get(0);
			Container app = Manifests.workloads("eks").stream()
				.filter((w) -> w.object().getMetadata().getName().equals(ns)).findFirst().orElseThrow()
				.template().getSpec().getContainers().get(0);
			// maxReplicas plus one surge pod of a rolling update.
			BigDecimal pods = BigDecimal.valueOf(hpa.getSpec().getMaxReplicas() + 1L);
			Map<String, Quantity> hard = quota.getSpec().getHard();
			assertThat(new BigDecimal(hard.get("pods").getAmount())).as(ns + " pods").isGreaterThanOrEqualTo(pods);
			for (String resource : List.of("cpu", "memory")) {
				assertThat(bytes(hard.get("limits." + resource))).as(ns + " limits." + resource)
					.isGreaterThanOrEqualTo(bytes(app.getResources().getLimits().get(resource)).multiply(pods));
				assertThat(bytes(hard.get("requests." + resource))).as(ns + " requests." + resource)
					.isGreaterThanOrEqualTo(bytes(app.getResources().getRequests().get(resource)).multiply(pods));
			}
		}
	}

	private static void assertDefaultDeny(String ns, List<NetworkPolicy> policies) {
		assertThat(policies).as(ns + " default-deny").anyMatch((p) -> {
			var spec = p.getSpec();
			boolean allPods = spec.getPodSelector().getMatchLabels() == null
					|| spec.getPodSelector().getMatchLabels().isEmpty();
			return allPods && spec.getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
					&& nullSafe(spec.getIngress()).isEmpty() && nullSafe(spec.getEgress()).isEmpty();
		});
	}

	private static String namespaceOf(NetworkPolicyPeer peer) {
		assertThat(peer.getNamespaceSelector()).as("peer selects a namespace by name").isNotNull();
		String name = peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
		assertThat(name).as("peer namespace").isNotNull();
		return name;
	}

	private static Set<Integer> ports(List<NetworkPolicyPort> ports) {
		assertThat(ports).as("ingress rule ports").isNotEmpty();
		return ports.stream().map((p) -> p.getPort().getIntVal()).collect(Collectors.toSet());
	}

	private static BigDecimal bytes(Quantity quantity) {
		return Quantity.getAmountInBytes(quantity);
	}

	private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> inNamespace(List<T> all, String ns) {
		return all.stream().filter((o) -> ns.equals(o.getMetadata().getNamespace())).toList();
	}

	private static <T> List<T> nullSafe(List<T> list) {
		return list == null ? List.of() : list;
	}

}
