package io.livelake.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedInlineTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The lake tables a SQL statement names, read from its parse: registering only those spares a
 * query reading the Delta log of every other table of the lake.
 */
public final class StatementTables {
  private StatementTables() {}

  /** The leaves of a query other than tables: SELECT without FROM, VALUES. */
  private static final Set<Class<?>> ROWS_IN_PLACE = Set.of(OneRowRelation.class, UnresolvedInlineTable.class,
      LocalRelation.class);

  /**
   * The lake tables query {@code statement} reads by name, or empty when its parse cannot tell:
   * statements other than queries (SHOW TABLES, DESCRIBE, EXPLAIN, INSERT, ...), table-valued functions
   * and IDENTIFIER(...) name tables in ways only the analyzer resolves, so they need every table. A
   * statement the parser refuses names none; running it reports the error.
   */
  public static Optional<List<TableDef>> named(SparkSession spark, String statement) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(statement);
    } catch (Exception e) {
      // A syntax error or any other check of the parser's (Scala declares none): running the
      // statement fails the same way, before it looks up a table.
      return Optional.of(List.of());
    }
    Set<List<String>> names = new LinkedHashSet<>();
    if (!collect(plan, names)) return Optional.empty();
    List<TableDef> tables = new ArrayList<>();
    for (TableDef t : Tables.all()) {
      if (names.stream().anyMatch(n -> names(n, t))) tables.add(t);
    }
    return Optional.of(tables);
  }

  /** Adds the relation names under {@code plan}, its subqueries and CTEs; false when some table is out of reach. */
  private static boolean collect(QueryPlan<?> plan, Set<List<String>> names) {
    // Commands and statements (INSERT, ...) may hold their table outside the children.
    if (plan instanceof Command || plan instanceof ParsedStatement) return false;
    if (plan instanceof UnresolvedRelation r) {
      names.add(CollectionConverters.asJava(r.multipartIdentifier()));
      return true;
    }
    // Any other leaf that names a table (a table-valued function, IDENTIFIER(...), the table of
    // DESCRIBE HISTORY) names it in a way only the analyzer resolves.
    if (plan.children().isEmpty() && !ROWS_IN_PLACE.contains(plan.getClass())) return false;
    for (QueryPlan<?> p : under(plan)) {
      if (!collect(p, names)) return false;
    }
    return true;
  }

  /** The plans directly under {@code plan}: its children, and the subqueries and WITH definitions that are not. */
  static List<QueryPlan<?>> under(QueryPlan<?> plan) {
    List<QueryPlan<?>> next = new ArrayList<>();
    CollectionConverters.asJava(plan.children()).forEach(c -> next.add((QueryPlan<?>) c));
    // Subqueries in expressions (IN, EXISTS, scalar) and a WITH clause's definitions are not children.
    CollectionConverters.asJava(plan.subqueries()).forEach(s -> next.add((QueryPlan<?>) s));
    next.addAll(CollectionConverters.asJava(plan.innerChildren()));
    return next;
  }

  /** Whether {@code name} (as written, case-insensitive like Spark's catalog) is {@code t}, bare or in spark_catalog. */
  private static boolean names(List<String> name, TableDef t) {
    int n = name.size();
    boolean inSessionCatalog = n == 2 || (n == 3 && name.get(0).equalsIgnoreCase("spark_catalog"));
    return inSessionCatalog && name.get(n - 2).equalsIgnoreCase(t.database()) && name.get(n - 1).equalsIgnoreCase(t.name());
  }
}
