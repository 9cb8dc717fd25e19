package io.livelake.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * Trino's file-based access rules for the endpoint: clients read the readable schemas (and the
 * metadata BI tools browse) and write nothing; only the per-run admin user registers tables.
 */
final class AccessRules {
  private AccessRules() {}

  static String json(String catalog, String admin, List<String> readableSchemas) {
    String adminOnly = "^" + java.util.regex.Pattern.quote(admin) + "$";
    Map<String, Object> rules = Map.of(
        "catalogs", List.of(
            Map.of("user", adminOnly, "allow", "all"),
            Map.of("catalog", catalog + "|system", "allow", "read-only"),
            Map.of("allow", "none")),
        "schemas", List.of(
            Map.of("user", adminOnly, "owner", true),
            Map.of("owner", false)),
        "tables", List.of(
            Map.of("user", adminOnly, "privileges", List.of("SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP")),
            Map.of("catalog", catalog, "schema", String.join("|", readableSchemas) + "|information_schema",
                "privileges", List.of("SELECT")),
            // system.jdbc and system.metadata: what JDBC drivers and BI tools list tables and comments from.
            Map.of("catalog", "system", "privileges", List.of("SELECT"))),
        "procedures", List.of(
            Map.of("user", adminOnly, "catalog", catalog, "schema", "system", "procedure", "register_table",
                "privileges", List.of("EXECUTE"))),
        // Everyone runs queries and sees their own; only the admin sees others' (its SQL names the lake's paths).
        "queries", List.of(
            Map.of("user", adminOnly, "allow", List.of("execute", "kill", "view")),
            Map.of("allow", List.of("execute"))),
        "system_information", List.of(
            Map.of("user", adminOnly, "allow", List.of("read"))));
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(new java.util.TreeMap<>(rules)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
