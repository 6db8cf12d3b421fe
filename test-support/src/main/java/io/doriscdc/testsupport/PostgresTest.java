package io.doriscdc.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that runs against real PostgreSQL, so that CI can run exactly these classes
 * again on other major versions ({@code -Dit.groups=postgres -Dpg.version=14}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("postgres")
public @interface PostgresTest {
}
