/**
 * The proxy without grid, API or Quarkus, fed from a plan file: what the benchmark ({@code src/bench/lb-bench.sh})
 * measures, and a way to try the data plane by hand.
 */
package io.kumos.lb.standalone;
