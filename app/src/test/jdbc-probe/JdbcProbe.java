import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * A BI client in a JVM of its own whose classpath holds only the Trino JDBC driver, as a BI tool's
 * would: runs each statement and prints its rows, one tab-separated text per value, so that a
 * test compares them with what Spark returns. Run as a source file:
 * {@code java -cp trino-jdbc.jar JdbcProbe.java URL USER SQL...}. Output per statement: a line
 * "## index", then its rows, or "!! message" when it failed.
 */
public class JdbcProbe {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", args[1]);
    try (Connection c = DriverManager.getConnection(args[0], p)) {
      for (int i = 2; i < args.length; i++) {
        System.out.println("## " + (i - 2));
        try (Statement s = c.createStatement()) {
          if (s.execute(args[i])) {
            try (ResultSet r = s.getResultSet()) {
              print(r);
            }
          }
        } catch (SQLException e) {
          System.out.println("!! " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
      }
    }
  }

  private static void print(ResultSet r) throws SQLException {
    ResultSetMetaData m = r.getMetaData();
    while (r.next()) {
      StringJoiner row = new StringJoiner("\t");
      for (int j = 1; j <= m.getColumnCount(); j++) row.add(text(r, j, m.getColumnType(j)));
      System.out.println(row);
    }
  }

  private static String text(ResultSet r, int j, int type) throws SQLException {
    Object v = r.getObject(j);
    if (v == null) return "\\N";
    return switch (type) {
      // Instants as epoch milliseconds: Trino reads Delta timestamps as timestamp(3) with time zone.
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Long.toString(r.getTimestamp(j).toInstant().toEpochMilli());
      case Types.DATE -> r.getDate(j).toLocalDate().toString();
      case Types.ARRAY -> value(((Array) v).getArray());
      default -> value(v);
    };
  }

  /** The same text the test makes of Spark's values: maps sorted by key, lists and rows in brackets. */
  private static String value(Object v) throws SQLException {
    if (v == null) return "\\N";
    if (v instanceof Object[] a) {
      StringJoiner j = new StringJoiner(",", "[", "]");
      for (Object x : a) j.add(value(x));
      return j.toString();
    }
    if (v instanceof List<?> l) return value(l.toArray());
    if (v instanceof Map<?, ?> m) {
      List<String> entries = new ArrayList<>();
      for (Map.Entry<?, ?> e : m.entrySet()) entries.add(value(e.getKey()) + "=" + value(e.getValue()));
      entries.sort(null);
      return "{" + String.join(",", entries) + "}";
    }
    if (v instanceof io.trino.jdbc.Row row) {
      StringJoiner j = new StringJoiner(",", "(", ")");
      for (io.trino.jdbc.RowField f : row.getFields()) j.add(value(f.getValue()));
      return j.toString();
    }
    return v.toString().replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }
}
