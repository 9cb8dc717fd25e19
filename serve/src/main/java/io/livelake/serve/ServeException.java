package io.livelake.serve;

/** The BI endpoint could not start or stopped unexpectedly; the message says why in one line. */
public final class ServeException extends RuntimeException {
  public ServeException(String message) { super(message); }

  public ServeException(String message, Throwable cause) { super(message, cause); }
}
