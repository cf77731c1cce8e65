package io.llmplatform.vllm;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A plain, non-web Spring Boot application that uses the client: what a team service does.
 * <p>
 * The reactive HTTP client auto-configuration is left out because the simulator (WebFlux on
 * Netty) shares this JVM: its {@code ReactorResourceFactory} uses Reactor Netty's global
 * resources and disposes them when this application closes, which stops the simulator's server.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
		excludeName = "org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration")
public class ClientTestApplication {

}
