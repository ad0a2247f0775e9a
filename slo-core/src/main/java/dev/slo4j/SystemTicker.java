package dev.slo4j;

/** {@link Ticker#system()}: one instance, so that slo4j can tell the JVM's clock from a test's. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
