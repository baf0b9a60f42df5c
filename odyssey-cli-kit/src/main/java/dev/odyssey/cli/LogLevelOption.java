package dev.odyssey.cli;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --log-level error|warn|info|debug}, a picocli mixin for the long-running commands. Sets
 * the root logger's level when the SLF4J backend is logback (what the distribution ships); with
 * another backend the option changes nothing and says so once. Without the option the level is the
 * configuration's ({@code -Dodyssey.log=LEVEL} in the shipped logback.xml, INFO by default).
 */
public final class LogLevelOption {
  /** The levels the option takes, lowest verbosity first. */
  public enum Level {
    ERROR,
    WARN,
    INFO,
    DEBUG
  }

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  private Level level;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "error, warn, info or debug (default: info, or -Dodyssey.log).")
  void level(String value) {
    try {
      level = Level.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          mixee.commandLine(),
          "--log-level must be error, warn, info or debug, was '" + value + "'");
    }
  }

  /** Applies the level, if one was given; call first thing in the command's {@code call()}. */
  public void apply() {
    if (level == null) {
      return;
    }
    // Checked by name so that a process without logback never loads logback's classes here.
    Object factory = LoggerFactory.getILoggerFactory();
    if (factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
      Logback.setRootLevel(level.name());
    } else {
      LoggerFactory.getLogger(LogLevelOption.class)
          .warn(
              "--log-level {}: the logging backend {} is not logback; level unchanged",
              level,
              factory.getClass().getName());
    }
  }

  /** The one place that touches logback's API. */
  private static final class Logback {
    static void setRootLevel(String level) {
      ch.qos.logback.classic.Logger root =
          (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
      root.setLevel(ch.qos.logback.classic.Level.toLevel(level));
    }
  }
}
