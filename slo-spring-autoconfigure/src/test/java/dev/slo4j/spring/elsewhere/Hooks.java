package dev.slo4j.spring.elsewhere;

/** A base class in another package than its subclass, with a protected method only this package and subclasses call. */
public abstract class Hooks {
  private int hooked;

  /** What the bean does when code in this package calls it; a proxy must run it on the bean, not on itself. */
  protected String hook() {
    hooked++;
    return "hooked " + hooked;
  }

  /** How code in this package (a framework's own, say) calls the protected method. */
  public static String callHook(Hooks hooks) {
    return hooks.hook();
  }
}
