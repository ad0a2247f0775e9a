package dev.slo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class RecordingFailuresTest {

  @Test
  void onlyFatalVmErrorsAreRethrown() {
    assertThatThrownBy(() -> RecordingFailures.rethrowIfFatal(new OutOfMemoryError())).isInstanceOf(
        OutOfMemoryError.class);
    assertThatThrownBy(() -> RecordingFailures.rethrowIfFatal(new InternalError())).isInstanceOf(InternalError.class);
    assertThatThrownBy(() -> RecordingFailures.rethrowIfFatal(new UnknownError())).isInstanceOf(UnknownError.class);
    assertThatCode(() -> {
      RecordingFailures.rethrowIfFatal(new StackOverflowError());
      RecordingFailures.rethrowIfFatal(new Error("custom"));
      RecordingFailures.rethrowIfFatal(new LinkageError());
      RecordingFailures.rethrowIfFatal(new IOException());
      RecordingFailures.rethrowIfFatal(null);
    }).doesNotThrowAnyException();
  }

  @Test
  void nullSloNamesFailuresAndHostileToStringsAreCountedNotThrown() {
    RecordingFailures failures = new RecordingFailures();
    Throwable hostile = new RuntimeException() {
      @Override
      public String toString() {
        throw new IllegalStateException("toString broke");
      }

      @Override
      public String getMessage() {
        throw new IllegalStateException("getMessage broke");
      }
    };
    assertThatCode(() -> {
      failures.report(null, null, 0);
      failures.report(null, hostile, 1);
      failures.report("checkout", hostile, Long.MAX_VALUE); // a minute later: the summary line
      failures.badArgument(null, null, Long.MIN_VALUE);
    }).doesNotThrowAnyException();
    assertThat(failures.count()).isEqualTo(4);
  }
}
