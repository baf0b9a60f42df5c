package dev.odyssey.cli;

/**
 * The version, git commit and JDK of the running build, as {@code --version} prints them and as the
 * servers' {@code odyssey_build_info} metric labels them. The launcher passes the version and
 * commit it read from the installation's {@code lib/build-info} as system properties; run any other
 * way, the version comes from the jar's manifest and the commit is unknown.
 */
public final class BuildInfo {
  private BuildInfo() {}

  public static String version() {
    String manifest = Odyssey.class.getPackage().getImplementationVersion();
    return System.getProperty("odyssey.version", manifest == null ? "development" : manifest);
  }

  public static String commit() {
    return System.getProperty("odyssey.commit", "unknown");
  }

  /** The JDK's runtime version, e.g. {@code 17.0.13+11-Debian-2}. */
  public static String java() {
    return System.getProperty("java.runtime.version");
  }
}
