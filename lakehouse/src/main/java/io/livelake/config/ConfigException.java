package io.livelake.config;

/** A configuration problem, with a one-line message that names the key, flag or file. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) { super(message); }
}
