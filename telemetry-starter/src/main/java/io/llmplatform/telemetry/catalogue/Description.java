package io.llmplatform.telemetry.catalogue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a catalogued span or metric means, in one sentence; rendered into
 * {@code docs/telemetry.md}. Put it on the enum constant that declares the item.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Description {

	/**
	 * The sentence.
	 * @return the description
	 */
	String value();

}
