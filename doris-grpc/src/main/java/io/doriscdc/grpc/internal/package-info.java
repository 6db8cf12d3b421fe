/**
 * Implementation of the gRPC transport and the ingest gateway: Load calls with budgeted buffers, header
 * mapping, channels, deliveries with same-label retries, token authentication. Not an API.
 */
package io.doriscdc.grpc.internal;
