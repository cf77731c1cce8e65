package io.llmplatform.telemetry.export;

import io.opentelemetry.sdk.common.CompletableResultCode;

final class ExportFailures {

	private ExportFailures() {
	}

	static String describe(CompletableResultCode result) {
		Throwable failure = result.getFailureThrowable();
		return (failure != null) ? failure.toString() : "receiver unreachable, too slow or refused the data";
	}

}
