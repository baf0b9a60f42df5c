package dev.odyssey.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and an exit status. A user error never shows a stack
 * trace; an internal error (a bug) does, since that is what a bug report needs.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  /** Exit status for a failure inside Odyssey itself. */
  static final int INTERNAL = 4;

  static int usage(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("odyssey: " + e.getMessage());
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return Odyssey.USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof UsageException) {
      err.println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
      err.flush();
      return Odyssey.USAGE;
    }
    err.println("odyssey: internal error, please report it: " + e);
    e.printStackTrace(err);
    err.flush();
    return INTERNAL;
  }
}
