package io.llmplatform.telemetry.autoconfigure;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import io.llmplatform.telemetry.tracing.ActuatorRequests;
import io.llmplatform.telemetry.tracing.TypedPropagatingReceiverTracingObservationHandler;
import io.llmplatform.telemetry.tracing.TypedPropagatingSenderTracingObservationHandler;
import io.llmplatform.telemetry.tracing.TypedTracingObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class TracingObservationAutoConfigurationTests {

	private static OtlpReceiver receiver;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, ObservationAutoConfiguration.class,
				TracingObservationAutoConfiguration.class))
		.withPropertyValues("spring.application.name=typed", "management.tracing.sampling.probability=1.0");

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void startReceiver() {
		receiver = resources.add(OtlpReceiver.start());
	}

	@Test
	void replacesBootsTracingHandlersWithTypedOnes() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TypedTracingObservationHandler.class)
			.hasSingleBean(TypedPropagatingSenderTracingObservationHandler.class)
			.hasSingleBean(TypedPropagatingReceiverTracingObservationHandler.class)
			.hasSingleBean(PropagatingReceiverTracingObservationHandler.class));
	}

	@Test
	void whenUserHasAReceiverHandlerKeepsIt() {
		this.contextRunner
			.withBean("userReceiver", PropagatingReceiverTracingObservationHandler.class,
					() -> new PropagatingReceiverTracingObservationHandler<>(Tracer.NOOP, Propagator.NOOP))
			.run((context) -> assertThat(context).hasSingleBean(PropagatingReceiverTracingObservationHandler.class)
				.hasBean("userReceiver")
				.doesNotHaveBean(TypedPropagatingReceiverTracingObservationHandler.class));
	}

	@Test
	void exportsNumbersAsNumbersAndListsAsArraysOverOtlp() {
		receiver.clear();
		this.contextRunner
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint()
					+ "/v1/traces")
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				Observation.createNotStarted("typed.local", registry)
					.lowCardinalityKeyValue("gen_ai.response.finish_reasons", "stop,length")
					.lowCardinalityKeyValue("gen_ai.request.stream", "true")
					.highCardinalityKeyValue("gen_ai.usage.output_tokens", "1200")
					.highCardinalityKeyValue("gen_ai.request.temperature", "0.7")
					.lowCardinalityKeyValue("team", "quant")
					.lowCardinalityKeyValue("error.type", "none")
					.observe(() -> {
					});
				SenderContext<Object> sender = new SenderContext<>((carrier, key, value) -> {
				}, Kind.CLIENT);
				sender.setCarrier(new Object());
				sender.setRemoteServiceName("vllm");
				Observation.createNotStarted("typed.client", () -> sender, registry)
					.lowCardinalityKeyValue("server.port", "8101")
					.lowCardinalityKeyValue("http.response.status_code", "502")
					.observe(() -> {
					});
				ReceiverContext<Object> server = new ReceiverContext<>((carrier, key) -> null, Kind.SERVER);
				server.setCarrier(new Object());
				Observation.createNotStarted("typed.server", () -> server, registry)
					.lowCardinalityKeyValue("http.response.status_code", "UNKNOWN")
					.observe(() -> {
					});
				context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
			});
		List<ReceivedSpan> spans = receiver.spans();
		ReceivedSpan local = span(spans, SpanKind.SPAN_KIND_INTERNAL);
		assertThat(value(local, "gen_ai.response.finish_reasons").getArrayValue().getValuesList())
			.extracting(AnyValue::getStringValue)
			.containsExactly("stop", "length");
		assertThat(value(local, "gen_ai.request.stream").getBoolValue()).isTrue();
		assertThat(value(local, "gen_ai.usage.output_tokens").getIntValue()).isEqualTo(1200);
		assertThat(value(local, "gen_ai.request.temperature").getDoubleValue()).isEqualTo(0.7);
		assertThat(value(local, "team").getStringValue()).isEqualTo("quant");
		assertThat(local.span().getAttributesList()).extracting(KeyValue::getKey)
			.as("error.type=none means no error: not on the span")
			.doesNotContain("error.type");
		ReceivedSpan client = span(spans, SpanKind.SPAN_KIND_CLIENT);
		assertThat(value(client, "server.port").getValueCase()).isEqualTo(AnyValue.ValueCase.INT_VALUE);
		assertThat(value(client, "server.port").getIntValue()).isEqualTo(8101);
		assertThat(value(client, "http.response.status_code").getIntValue()).isEqualTo(502);
		assertThat(value(client, "service.peer.name").getStringValue()).isEqualTo("vllm");
		assertThat(client.span().getAttributesList()).extracting(KeyValue::getKey)
			.as("the deprecated name of the remote service")
			.doesNotContain("peer.service");
		ReceivedSpan serverSpan = span(spans, SpanKind.SPAN_KIND_SERVER);
		assertThat(serverSpan.span().getAttributesList()).extracting(KeyValue::getKey)
			.as("a status that is not a number is left out, not written as a string")
			.doesNotContain("http.response.status_code");
	}

	@Test
	void servletActuatorRequestsAreNotObservedByDefault() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, TracingObservationAutoConfiguration.class))
			.withBean("everyContext", ObservationHandler.class, TracingObservationAutoConfigurationTests::everyContext)
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				assertThat(observed(registry, servlet("/actuator/health", 8080))).isFalse();
				assertThat(observed(registry, servlet("/actuator", 8080))).isFalse();
				assertThat(observed(registry, servlet("/actuatorx", 8080))).isTrue();
				assertThat(observed(registry, servlet("/predict", 8080))).isTrue();
			});
	}

	@Test
	void onItsOwnManagementPortEveryActuatorRequestIsUnobservedAndTheMainPortIsObserved() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, TracingObservationAutoConfiguration.class))
			.withBean("everyContext", ObservationHandler.class, TracingObservationAutoConfigurationTests::everyContext)
			.withPropertyValues("server.port=8101", "management.server.port=0", "local.management.port=9101")
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				assertThat(observed(registry, servlet("/actuator/health", 9101))).isFalse();
				assertThat(observed(registry, servlet("/anything", 9101))).isFalse();
				assertThat(observed(registry, servlet("/predict", 8101))).isTrue();
				assertThat(observed(registry, servlet("/actuator/health", 8101)))
					.as("not actuator on the main port when it has a port of its own")
					.isTrue();
			});
	}

	@Test
	void serverPortIsTheConfiguredOneUntilTheServerRunsAndThenKeptWhateverTheEnvironmentSaysLater() {
		MockEnvironment environment = new MockEnvironment().withProperty("management.server.port", "9000");
		TracingObservationAutoConfiguration.ServerPort port = new TracingObservationAutoConfiguration.ServerPort(
				environment, "management");
		assertThat(port.getAsInt()).isEqualTo(9000);
		environment.setProperty("local.management.port", "41234");
		assertThat(port.getAsInt()).isEqualTo(41234);
		environment.setProperty("local.management.port", "1");
		assertThat(port.getAsInt()).as("a running server's port does not change").isEqualTo(41234);
		assertThat(new TracingObservationAutoConfiguration.ServerPort(new MockEnvironment(), "server").getAsInt())
			.isEqualTo(-1);
	}

	@Test
	void reactiveActuatorRequestsAreNotObservedByDefault() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, TracingObservationAutoConfiguration.class))
			.withBean("everyContext", ObservationHandler.class, TracingObservationAutoConfigurationTests::everyContext)
			.withPropertyValues("management.endpoints.web.base-path=/manage")
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				assertThat(observed(registry, reactive("/manage/prometheus"))).isFalse();
				assertThat(observed(registry, reactive("/api/quant/predict"))).isTrue();
			});
	}

	@Test
	void actuatorRequestsAreObservedWhenSwitchedOn() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, TracingObservationAutoConfiguration.class))
			.withBean("everyContext", ObservationHandler.class, TracingObservationAutoConfigurationTests::everyContext)
			.withPropertyValues("platform.telemetry.tracing.actuator=true")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ActuatorRequests.class);
				assertThat(observed(context.getBean(ObservationRegistry.class), servlet("/actuator/health", 8101)))
					.isTrue();
			});
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, TracingObservationAutoConfiguration.class))
			.withPropertyValues("platform.telemetry.tracing.actuator=true")
			.run((context) -> assertThat(context).doesNotHaveBean(ActuatorRequests.class));
	}

	private static org.springframework.http.server.observation.ServerRequestObservationContext servlet(String path,
			int localPort) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setLocalPort(localPort);
		return new org.springframework.http.server.observation.ServerRequestObservationContext(request,
				new MockHttpServletResponse());
	}

	private static org.springframework.http.server.reactive.observation.ServerRequestObservationContext reactive(
			String path) {
		return new org.springframework.http.server.reactive.observation.ServerRequestObservationContext(
				MockServerHttpRequest.get(path).build(), new MockServerHttpResponse(), java.util.Map.of());
	}

	/** Whether the registry makes a real observation of a server request (not a no-op). */
	private static boolean observed(ObservationRegistry registry, Observation.Context context) {
		return !Observation.createNotStarted("http.server.requests", () -> context, registry).isNoop();
	}

	private static ObservationHandler<Observation.Context> everyContext() {
		return (context) -> true;
	}

	private static ReceivedSpan span(List<ReceivedSpan> spans, SpanKind kind) {
		return spans.stream()
			.filter((span) -> span.span().getKind() == kind)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " span in " + spans));
	}

	private static AnyValue value(ReceivedSpan span, String key) {
		return span.span()
			.getAttributesList()
			.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map(KeyValue::getValue)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + key + " on " + span.span().getName()));
	}

}
