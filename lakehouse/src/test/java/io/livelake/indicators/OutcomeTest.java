package io.livelake.indicators;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** An outcome that tells no session from another is named, with its cause where the table shows one. */
class OutcomeTest {
  private static Dataset<Row> sessions(String values) {
    return TestSpark.session().sql("SELECT * FROM VALUES " + values + " AS t(session_id, viewers, outcome, outcome_source)");
  }

  @Test
  void sessionsWithoutViewersHaveNoOutcomeToLearn() {
    assertEquals(Optional.of("the outcome (later_gmv_per_viewer) is 0.0 in all 2 sessions, so a model cannot tell a "
            + "better one from a worse one: no session has a viewer (an enter_room or heartbeat event), and the outcome is "
            + "what the viewers spent per viewer"),
        Outcome.sameEverywhere(sessions("('s1', 0L, 0.0D, 'later_gmv_per_viewer'), ('s2', 0L, 0.0D, 'later_gmv_per_viewer')"),
            "outcome"));
  }

  @Test
  void noPurchaseOutsideRoomsAfterASessionNamesTheOtherOutcome() {
    assertEquals(Optional.of("the outcome (later_gmv_per_viewer) is 0.0 in all 2 sessions, so a model cannot tell a "
            + "better one from a worse one: no viewer bought in the shop outside live rooms within indicators.outcome.days "
            + "after a session (an import of a shop's log puts every order in a room). indicators.outcome = "
            + "gmv_per_viewer takes what the viewers spent from the session's start on, its own orders included"),
        Outcome.sameEverywhere(sessions("('s1', 3L, 0.0D, 'later_gmv_per_viewer'), ('s2', 1L, 0.0D, 'later_gmv_per_viewer')"),
            "outcome"));
  }

  @Test
  void anOutcomeThatVariesOrAnEmptyTableIsNoProblem() {
    assertEquals(Optional.empty(), Outcome.sameEverywhere(
        sessions("('s1', 3L, 0.0D, 'later_gmv_per_viewer'), ('s2', 1L, 2.5D, 'later_gmv_per_viewer')"), "outcome"));
    assertEquals(Optional.empty(), Outcome.sameEverywhere(
        sessions("('s1', 3L, 0.0D, 'gmv_per_viewer')").where("viewers > 5"), "outcome"));
  }

  @Test
  void anotherTablesOutcomeIsNamedByItsColumnWithoutACauseItCannotShow() {
    Dataset<Row> csv = TestSpark.session().sql("SELECT * FROM VALUES (1, 4.0D), (2, 4.0D), (3, 4.0D) AS t(a11, gmv)");
    assertEquals(Optional.of("the outcome (gmv) is 4.0 in all 3 rows, so a model cannot tell a better one from a worse "
        + "one"), Outcome.sameEverywhere(csv, "gmv"));
    Dataset<Row> none = TestSpark.session().sql(
        "SELECT * FROM VALUES ('s1', 2L, CAST(NULL AS DOUBLE), 'table ext.csv') AS t(session_id, viewers, outcome, outcome_source)");
    Dataset<Row> blankSource = TestSpark.session().sql(
        "SELECT * FROM VALUES (1, 4.0D, CAST(NULL AS STRING)), (2, 4.0D, NULL) AS t(a11, gmv, outcome_source)");
    assertEquals(Optional.of("the outcome (gmv) is 4.0 in all 2 rows, so a model cannot tell a better one from a worse "
        + "one"), Outcome.sameEverywhere(blankSource, "gmv"), "an outcome_source without a value names the column");
    assertEquals(Optional.of("the outcome (table ext.csv) has no value in any of the 1 sessions, so a model cannot tell a "
        + "better one from a worse one"), Outcome.sameEverywhere(none, "outcome"));
  }
}
