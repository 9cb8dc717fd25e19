/** Benchmark programs: each runs one measured workload and prints one JSON line of figures. */
package io.livelake.bench;
