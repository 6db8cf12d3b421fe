/** Encode and delivery benchmarks of the Stream Load transport. */
package io.doriscdc.bench.encode;
