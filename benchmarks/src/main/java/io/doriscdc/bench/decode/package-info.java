/** JMH benchmarks of the pgoutput decoder's hot path: message decode and lazy/materialised column access. */
package io.doriscdc.bench.decode;
