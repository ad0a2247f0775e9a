package dev.slo4j.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * On a {@code @SpringBootTest} or a test slice such as {@code @WebMvcTest}: the application's SLOs record into a
 * {@link dev.slo4j.test.TestSlos} on a {@link dev.slo4j.test.TestClock}, and policies built from the platform's
 * {@code ResilienceDefaults} retry, wait and break on that clock and report to its
 * {@link dev.slo4j.test.ResilienceEvents}; the test autowires {@code TestSlos} and drives real endpoints. Add
 * {@code @ExtendWith(SloTestExtension.class)} to get the SLOs' state in a failing test's report.
 *
 * <p>A slice loads only its own autoconfigurations, so this annotation imports, as Spring Boot's own
 * {@code @AutoConfigure...} annotations do, slo4j's autoconfiguration (the {@code @Slo} advisor, the
 * {@code ResilienceDefaults} bean; when slo-spring-autoconfigure is on the class path) and Boot's AOP autoconfiguration
 * (the proxy creator that applies the advisor to the slice's controllers). They are listed in
 * {@code META-INF/spring/dev.slo4j.test.spring.AutoConfigureSloTest.imports}; under {@code @SpringBootTest} they are
 * loaded anyway.
 *
 * <p>The fault injectors' seed is {@code slo4j.test.seed} (42 unless set).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(SloTestConfiguration.class)
@ImportAutoConfiguration
public @interface AutoConfigureSloTest {}
