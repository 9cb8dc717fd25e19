package io.livelake.spark;

/** Values written into Spark SQL text (DDL, a Delta replaceWhere condition). */
public final class SqlLiterals {
  private SqlLiterals() {}

  /**
   * {@code s} as a Spark SQL string literal. A backslash escapes in Spark's literals, and a doubled quote does not:
   * {@code 'o''clock'} is two literals, read together as {@code oclock}.
   */
  public static String string(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
