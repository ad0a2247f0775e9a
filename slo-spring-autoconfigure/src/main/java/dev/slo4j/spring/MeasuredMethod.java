package dev.slo4j.spring;

import dev.slo4j.SloMeter;
import java.util.concurrent.CompletionStage;

/**
 * One {@code @Slo} method as an interceptor measures it: its meter, and how a call that returned is ended (judged now,
 * or when the stage completes for a {@link CompletionStage}). Shared by both ways slo4j proxies a bean
 * ({@link SloProxies}, {@link SloMethodInterceptor}).
 *
 * <p>Whether a result is a stage is asked once per result class: {@code instanceof} on an interface that the class
 * does not implement walks the class's interfaces on every call in HotSpot (no cache for a miss), which issue 17 measured
 * at about 6 ns of a 20 ns call.
 */
final class MeasuredMethod {

  final SloMeter meter;
  /**
   * The class of the last result that was not a stage. Racy on purpose: any value a thread sees is a class that was
   * checked, and a stale one only costs a check.
   */
  private Class<?> plainResult;

  MeasuredMethod(SloMeter meter) {
    this.meter = meter;
  }

  /** Ends a call that returned {@code result}; returns it unchanged. Never throws. */
  Object returned(long start, Object result) {
    if (result != null) {
      Class<?> type = result.getClass();
      if (type != plainResult) {
        if (result instanceof CompletionStage<?> stage) {
          meter.stopOnCompletion(start, stage);
          return result;
        }
        plainResult = type;
      }
    }
    meter.stop(start, result, null);
    return result;
  }
}
