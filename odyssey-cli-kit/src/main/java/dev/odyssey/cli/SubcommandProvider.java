package dev.odyssey.cli;

import java.util.List;

/**
 * A module's subcommands of {@code odyssey}. Each module that has commands implements this once in
 * its {@code cli} package and lists the implementation in {@code
 * META-INF/services/dev.odyssey.cli.SubcommandProvider}; the launcher finds them with {@link
 * java.util.ServiceLoader}. The launcher thus needs no compile-time knowledge of any module, and a
 * module left off the class path (Spark's, whose jars slow every start) simply contributes nothing.
 *
 * <p>Implementations must be cheap to construct and must not touch their command classes in {@link
 * #names}: the launcher asks providers for names before it builds the one command it runs, and
 * {@code odyssey pcap} must not load the load balancer's Netty classes.
 */
public interface SubcommandProvider {
  /** The names of this module's subcommands, in the order {@code odyssey --help} lists them. */
  List<String> names();

  /**
   * A new command object for {@code name}, one of {@link #names}: an instance of a class annotated
   * with picocli's {@code @Command}.
   */
  Object create(String name);
}
