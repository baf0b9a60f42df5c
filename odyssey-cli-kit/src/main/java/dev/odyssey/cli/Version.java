package dev.odyssey.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code odyssey --version} and {@code odyssey COMMAND --version} print: the version, the git
 * commit it was built from and the JDK it runs on, the three things a bug report needs. The
 * launcher passes the version and commit it read from the installation's {@code lib/build-info};
 * run any other way, the version comes from the jar's manifest and the commit is unknown.
 */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = BuildInfo.version();
    return new String[] {
      "odyssey " + (version.equals("development") ? "(development build)" : version),
      "commit " + BuildInfo.commit(),
      "JDK "
          + System.getProperty("java.runtime.version")
          + " ("
          + System.getProperty("java.vendor")
          + ")"
          + " at "
          + System.getProperty("java.home")
    };
  }
}
