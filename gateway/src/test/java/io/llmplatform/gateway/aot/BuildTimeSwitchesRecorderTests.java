package io.llmplatform.gateway.aot;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class BuildTimeSwitchesRecorderTests {

	@Test
	void theBuildsSwitchesAreWrittenAsAResourceOfTheGeneratedClasses() throws Exception {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton("environment",
				new MockEnvironment().withProperty("platform.gateway.quota.store", "redis"));
		BeanFactoryInitializationAotContribution contribution = new BuildTimeSwitchesRecorder()
			.processAheadOfTime(beanFactory);
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(
						ClassName.get("io.llmplatform.gateway", "GatewayApplication")),
				files);

		contribution.applyTo(generation, mock(BeanFactoryInitializationCode.class));

		String written = files.getGeneratedFileContent(Kind.RESOURCE, BuildTimeSwitches.RESOURCE);
		assertThat(written).contains("platform.gateway.quota.store=redis\n", "otel.sdk.disabled=false\n");
		assertThat(BuildTimeSwitches.differences(written,
				new MockEnvironment().withProperty("platform.gateway.quota.store", "redis")))
			.isEmpty();
		assertThat(RuntimeHintsPredicates.resource().forResource(BuildTimeSwitches.RESOURCE))
			.accepts(generation.getRuntimeHints());
	}

}
