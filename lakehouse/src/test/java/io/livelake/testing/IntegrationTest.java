package io.livelake.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks an end-to-end test class (whole jobs on a lake, a Kafka broker, killed processes, a browser or Trino):
 * failsafe runs it in {@code mvn verify}'s integration-test phase; {@code mvn test} runs the fast rest.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
public @interface IntegrationTest {}
