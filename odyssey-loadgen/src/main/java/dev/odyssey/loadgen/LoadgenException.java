package dev.odyssey.loadgen;

/** A run that could not take place (the target cannot be reached); the message says why. */
public final class LoadgenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LoadgenException(String message) {
    super(message);
  }
}
