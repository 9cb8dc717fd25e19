package io.livelake;

/** The release number, in one place: the command line's --version and the audit rows that record it. */
public final class LiveLakeVersion {
  private LiveLakeVersion() {}

  public static final String NUMBER = "0.1.0";
}
