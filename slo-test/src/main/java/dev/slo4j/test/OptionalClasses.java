package dev.slo4j.test;

/** Whether an optional dependency of slo-test is on the class path, asked without loading (or initializing) it. */
final class OptionalClasses {

  private OptionalClasses() {}

  static boolean isPresent(String name) {
    try {
      Class.forName(name, false, OptionalClasses.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
