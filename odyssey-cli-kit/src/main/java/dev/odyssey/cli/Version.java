package dev.odyssey.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar's manifest. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Odyssey.class.getPackage().getImplementationVersion();
    return new String[] {"odyssey " + (v == null ? "(development build)" : v)};
  }
}
