package io.llmplatform.gateway.aot;

import java.nio.charset.StandardCharsets;

import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ByteArrayResource;

/**
 * Records the {@link BuildTimeSwitches} as the ahead-of-time processing saw them, beside the code it generates.
 */
class BuildTimeSwitchesRecorder implements BeanFactoryInitializationAotProcessor {

	@Override
	public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
		return new Recording(BuildTimeSwitches.describe(beanFactory.getBean(Environment.class)));
	}

	private record Recording(String text) implements BeanFactoryInitializationAotContribution {

		@Override
		public void applyTo(GenerationContext generationContext, BeanFactoryInitializationCode code) {
			// The management context, a child on its own port, is processed too: the root context's recording stays.
			generationContext.getGeneratedFiles().handleFile(Kind.RESOURCE, BuildTimeSwitches.RESOURCE, (file) -> {
				if (!file.exists()) {
					file.create(new ByteArrayResource(this.text.getBytes(StandardCharsets.UTF_8)));
				}
			});
			generationContext.getRuntimeHints().resources().registerPattern(BuildTimeSwitches.RESOURCE);
		}

	}

}
