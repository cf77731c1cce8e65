package io.llmplatform.team.internal;

import io.llmplatform.team.PredictRequest;
import io.llmplatform.team.PredictResponse;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.PredictionHandler;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /predict}: the gateway's {@code /api/{team}/predict} lands here.
 * Internal: not a stable API.
 */
@RestController
public class PredictController {

	private static final Logger logger = LoggerFactory.getLogger(PredictController.class);

	private final PredictionHandler handler;

	public PredictController(PredictionHandler handler) {
		this.handler = handler;
	}

	@PostMapping(path = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	public PredictResponse predict(@Valid @RequestBody PredictRequest request) {
		long start = System.nanoTime();
		Prediction prediction = this.handler.predict(request.toInput());
		long totalMs = (System.nanoTime() - start) / 1_000_000;
		// Never the prompt or the output: they stay out of logs.
		logger.info("Prediction served by {} ({}) in {} ms, {} output tokens", prediction.servedBy(),
				prediction.model(), totalMs, prediction.usage().outputTokens());
		String correlationId = MDC.get(CorrelationIdFilter.CORRELATION_ID);
		return PredictResponse.of(prediction, totalMs, (correlationId != null) ? correlationId : "");
	}

}
