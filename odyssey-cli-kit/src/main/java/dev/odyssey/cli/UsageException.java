package dev.odyssey.cli;

/**
 * A command line that parses but does not make sense, found by a command's own checks: the launcher
 * prints the message after the command's name and exits with status 2, without a stack trace.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
