/**
 * The gRPC transport (scheme {@code grpc}) and the ingest gateway it talks to.
 *
 * <p>Public API: {@link io.doriscdc.grpc.GrpcTransportProvider} (found by {@link java.util.ServiceLoader}),
 * {@link io.doriscdc.grpc.GrpcSettings} (every setting, its default and meaning), {@link io.doriscdc.grpc.GrpcTransport},
 * and the gateway: {@link io.doriscdc.grpc.IngestGateway} (embedded, {@code IngestGateway.builder()...start()}, or
 * {@code main}/{@link io.doriscdc.grpc.IngestGateway#start(GatewaySettings)} for {@code doris-cdc gateway}),
 * {@link io.doriscdc.grpc.GatewaySettings}, {@link io.doriscdc.grpc.GatewayStats} and {@link io.doriscdc.grpc.GatewayListener}.
 * The wire contract is {@code src/main/proto/doris_ingest.proto} (package {@code doriscdc.ingest.v1}; generated
 * classes in {@code io.doriscdc.grpc.proto}). Everything in {@code io.doriscdc.grpc.internal} may change without notice.
 */
package io.doriscdc.grpc;
