package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.SloRegistry;
import dev.slo4j.annotation.Slo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A method whose work happens after it returns (a reactive type, subscribed to later) cannot be judged when it
 * returns: every call would count as good and instant, an SLO that never burns. slo4j refuses it at startup instead.
 */
class ReactiveReturnTypesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(Slo4jAutoConfiguration.class, AopAutoConfiguration.class))
      .withPropertyValues("spring.application.name=shop")
      .withBean(SimpleMeterRegistry.class);

  public static class MonoSlo {
    @Slo(name = "find")
    public Mono<String> find() {
      return Mono.error(new IllegalStateException("down"));
    }
  }

  public static class FluxSlo {
    @Slo(name = "list")
    public Flux<String> list() {
      return Flux.empty();
    }
  }

  public static class JdkPublisherSlo {
    @Slo(name = "events")
    public SubmissionPublisher<String> events() {
      return new SubmissionPublisher<>();
    }
  }

  public static class FlowPublisherSlo {
    @Slo(name = "flow")
    public Flow.Publisher<String> flow() {
      return new SubmissionPublisher<>();
    }
  }

  /** A Reactive Streams publisher of the application's own, known to no adapter registry. */
  public static class OwnPublisher implements Publisher<String> {
    @Override
    public void subscribe(Subscriber<? super String> s) {}
  }

  public static class OwnPublisherSlo {
    @Slo(name = "own")
    public OwnPublisher own() {
      return new OwnPublisher();
    }
  }

  public static class StageSlo {
    @Slo(name = "later")
    public CompletableFuture<String> later() {
      return CompletableFuture.completedFuture("ok");
    }
  }

  @Test
  void aMethodReturningAReactiveTypeStopsTheStartWithTheWayOut() {
    Map<Class<?>, String> refused = Map.of(MonoSlo.class, "reactor.core.publisher.Mono",
        FluxSlo.class, "reactor.core.publisher.Flux",
        JdkPublisherSlo.class, "java.util.concurrent.SubmissionPublisher",
        FlowPublisherSlo.class, "java.util.concurrent.Flow$Publisher",
        OwnPublisherSlo.class, OwnPublisher.class.getName());
    refused.forEach((bean, type) -> runner.withBean(bean).run(context -> {
      assertThat(context).as(bean.getSimpleName()).hasFailed();
      assertThat(context.getStartupFailure()).as(bean.getSimpleName())
          .hasMessageContaining("on " + bean.getName() + "#")
          .hasMessageContaining("would judge each call when it returns, not when its work is done: it returns a "
              + type)
          .hasMessageContaining("Return a CompletionStage")
          .hasMessageContaining("slo4j.slos.<name>.observation");
    }));
  }

  @Test
  void aMethodReturningAStageIsStillMeasuredWhenItCompletes() {
    runner.withBean(StageSlo.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(StageSlo.class).later().join()).isEqualTo("ok");
      assertThat(context.getBean(SloRegistry.class).find("later").orElseThrow().budget().goodEvents()).isEqualTo(1);
    });
  }
}
