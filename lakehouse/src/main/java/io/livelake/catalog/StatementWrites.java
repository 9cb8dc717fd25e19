package io.livelake.catalog;

import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.CompoundBody;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.CommandExecutionMode;

/**
 * Whether a SQL statement would change anything, told from its analysis before it runs: Spark has no
 * read-only session, and a DELETE or INSERT by hand bypasses the lake's write gate and its erasure log.
 */
public final class StatementWrites {
  private StatementWrites() {}

  /**
   * The commands that only read or set the session: SHOW and DESCRIBE of every kind (Delta's DESCRIBE
   * HISTORY and DETAIL too), EXPLAIN (which analyzes its statement without running it), SET, RESET and USE.
   */
  private static final Set<String> READING_COMMANDS = Set.of("ExplainCommand", "SetCommand", "ResetCommand",
      "SetNamespaceCommand", "SetCatalogCommand", "SetCatalogAndNamespace");

  /**
   * The node of {@code statement}'s analyzed plan that would write (its Spark name, e.g. DeleteCommand or
   * AppendData; or a SQL script, which is not checked), or empty when it only reads. Analysis runs no command, and
   * after it every statement that changes a table or the catalog is a command (INSERT, DELETE, UPDATE, MERGE, CREATE,
   * DROP, ALTER, CACHE, OPTIMIZE, VACUUM, RESTORE, ...), even those the parser gives as plain nodes. A statement that does not parse or
   * analyze is left to running it, which reports the error.
   */
  public static Optional<String> writer(SparkSession spark, String statement) {
    LogicalPlan analyzed;
    try {
      LogicalPlan parsed = spark.sessionState().sqlParser().parsePlan(statement);
      // With spark.sql.scripting.enabled, BEGIN ... END parses to a script that Spark runs statement by statement.
      if (parsed instanceof CompoundBody) return Optional.of("a SQL script, whose statements are not checked");
      analyzed = spark.sessionState().executePlan(parsed, CommandExecutionMode.SKIP()).analyzed();
    } catch (Exception e) {
      return Optional.empty();
    }
    if (analyzed instanceof Command && reads(analyzed)) return Optional.empty();
    return firstCommand(analyzed);
  }

  private static boolean reads(LogicalPlan command) {
    String name = command.getClass().getSimpleName();
    return name.startsWith("Show") || name.startsWith("Describe") || READING_COMMANDS.contains(name);
  }

  /** The first command anywhere under {@code plan}: its children, subqueries and a WITH clause's definitions. */
  private static Optional<String> firstCommand(QueryPlan<?> plan) {
    if (plan instanceof Command) return Optional.of(plan.nodeName());
    for (QueryPlan<?> p : StatementTables.under(plan)) {
      Optional<String> found = firstCommand(p);
      if (found.isPresent()) return found;
    }
    return Optional.empty();
  }
}
