/**
 * The BI endpoint: a Trino server, started as a child process on Java 24+, that reads the lake's
 * Delta tables through Trino's Delta Lake connector and answers BI tools over JDBC, read-only.
 */
package io.livelake.serve;
