package io.llmplatform.team.quant;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.llmplatform.team.ChatTurn;
import io.llmplatform.team.ModelCallException;
import io.llmplatform.team.PredictInput;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.TeamModels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Compares a sample of the quantized model's answers with the baseline's on a background
 * thread, as many as its queue and its budget of held characters allow (the rest are skipped
 * and counted). Each comparison is its own trace, whose root span links to the request's span,
 * so that the request's trace keeps its shape and its latency.
 */
@Component
class ShadowComparison implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ShadowComparison.class);

	private final TeamModels models;

	private final Tracer tracer;

	private final MeterRegistry meters;

	private final ShadowProperties properties;

	private final ThreadPoolExecutor executor;

	/** A permit per character of the prompts and answers that waiting and running comparisons hold. */
	private final Semaphore heldCharacters;

	ShadowComparison(TeamModels models, Tracer tracer, MeterRegistry meters, ShadowProperties properties) {
		this.models = models;
		this.tracer = tracer;
		this.meters = meters;
		this.properties = properties;
		this.heldCharacters = new Semaphore(properties.getMaxHeldCharacters());
		this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.getQueueCapacity()), (runnable) -> {
					Thread thread = new Thread(runnable, "quant-shadow");
					thread.setDaemon(true);
					return thread;
				});
	}

	void maybeCompare(PredictInput input, Prediction primary) {
		if (ThreadLocalRandom.current().nextDouble() >= this.properties.getSampleRate()) {
			return;
		}
		int characters = (int) Math.min(characters(input, primary), Integer.MAX_VALUE);
		if (!this.heldCharacters.tryAcquire(characters)) {
			count("skipped");
			return;
		}
		Span requestSpan = this.tracer.currentSpan();
		try {
			this.executor.execute(() -> {
				try {
					compare(input, primary, requestSpan);
				}
				finally {
					this.heldCharacters.release(characters);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.heldCharacters.release(characters);
			count("skipped");
		}
	}

	private static long characters(PredictInput input, Prediction primary) {
		long characters = primary.output().length();
		for (ChatTurn turn : input.messages()) {
			characters += turn.content().length();
		}
		return characters;
	}

	private void compare(PredictInput input, Prediction primary, Span requestSpan) {
		Span.Builder builder = this.tracer.spanBuilder().name("quant shadow compare").setNoParent();
		if (requestSpan != null) {
			builder = builder.addLink(new Link(requestSpan.context()));
		}
		Span span = builder.start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			Prediction baseline = this.models.baseline(input);
			double agreement = agreement(primary.output(), baseline.output());
			boolean agrees = agreement >= this.properties.getAgreementThreshold();
			span.tag(QuantCatalogue.ShadowKeys.AGREEMENT.asString(), agreement);
			DistributionSummary.builder(QuantCatalogue.QuantMeters.SHADOW_AGREEMENT.getName())
				.description("Agreement of the quantized model's answers with the baseline's")
				.register(this.meters)
				.record(agreement);
			count(agrees ? "agree" : "disagree");
		}
		catch (ModelCallException ex) {
			if (this.executor.isShutdown()) {
				// Interrupted by the shutdown: the baseline did not fail, the comparison was not made.
				count("skipped");
			}
			else {
				span.error(ex);
				count("error");
				logger.warn("Shadow comparison failed: {}", ex.errorType());
			}
		}
		finally {
			span.end();
		}
	}

	/** Word-set (Jaccard) similarity of two answers, 0 to 1. */
	static double agreement(String first, String second) {
		Set<String> a = words(first);
		Set<String> b = words(second);
		if (a.isEmpty() && b.isEmpty()) {
			return 1.0;
		}
		Set<String> union = new HashSet<>(a);
		union.addAll(b);
		Set<String> common = new HashSet<>(a);
		common.retainAll(b);
		return (double) common.size() / union.size();
	}

	private static Set<String> words(String text) {
		return new HashSet<>(Arrays.asList(text.toLowerCase(Locale.ROOT).split("\\W+"))).stream()
			.filter((word) -> !word.isEmpty())
			.collect(java.util.stream.Collectors.toSet());
	}

	private void count(String outcome) {
		Counter.builder(QuantCatalogue.QuantMeters.SHADOW_COMPARISONS.getName())
			.description("Shadow comparisons by outcome")
			.tag(QuantCatalogue.ShadowKeys.OUTCOME.asString(), outcome)
			.register(this.meters)
			.increment();
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
