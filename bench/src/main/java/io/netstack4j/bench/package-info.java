/**
 * Benchmarks: JMH microbenchmarks of the codecs and the checksum, and harnesses for bulk
 * transfer and request rates. They are never run as tests; results and the exact commands
 * go into docs/BENCHMARKS.md.
 */
package io.netstack4j.bench;
