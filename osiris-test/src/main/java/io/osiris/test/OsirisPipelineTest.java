package io.osiris.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test class whose tests run Osiris pipelines: each test method may take a
 * {@link PipelineHarness} parameter. Shorthand for {@code @ExtendWith(OsirisExtension.class)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(OsirisExtension.class)
public @interface OsirisPipelineTest {
}
