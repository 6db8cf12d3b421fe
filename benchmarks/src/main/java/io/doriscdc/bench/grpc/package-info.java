/** The grpc transport + ingest gateway measured against the streamload transport, in one run. */
package io.doriscdc.bench.grpc;
