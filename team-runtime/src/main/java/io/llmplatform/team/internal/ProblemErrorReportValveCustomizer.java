package io.llmplatform.team.internal;

import java.util.function.Supplier;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts a {@link ProblemErrorReportValve} in the place of the host's error report valve, once
 * Spring Boot's customizer has added its own. A valve belongs to one host: each server gets a
 * new one. Internal: not a stable API.
 */
public final class ProblemErrorReportValveCustomizer
		implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	private final Supplier<ProblemErrorReportValve> valves;

	public ProblemErrorReportValveCustomizer(Supplier<ProblemErrorReportValve> valves) {
		this.valves = valves;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			Pipeline pipeline = context.getParent().getPipeline();
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			pipeline.addValve(this.valves.get());
			// Else the host, finding no valve of the class it names, adds Tomcat's own, with the report.
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

}
