package io.doriscdc.grpc.internal;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Executor;

/**
 * Bearer-token authentication: the client sends {@code authorization: Bearer <token>} on every call;
 * the gateway compares it in constant time and answers UNAUTHENTICATED otherwise. The standard health
 * service stays open so load balancers can probe without the token. Thread-safe; the token is never logged.
 */
public final class TokenAuth {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private TokenAuth() {
    }

    public static ServerInterceptor serverInterceptor(String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                if (call.getMethodDescriptor().getServiceName() != null
                        && call.getMethodDescriptor().getServiceName().equals("grpc.health.v1.Health")) {
                    return next.startCall(call, headers);
                }
                String got = headers.get(AUTHORIZATION);
                if (got == null || !MessageDigest.isEqual(expected, got.getBytes(StandardCharsets.UTF_8))) {
                    call.close(Status.UNAUTHENTICATED.withDescription(got == null
                            ? "no token: set the grpc transport's 'token' to the gateway's token"
                            : "wrong token: the grpc transport's 'token' does not match the gateway's"), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
    }

    public static CallCredentials callCredentials(String token) {
        String value = "Bearer " + token;
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(AUTHORIZATION, value);
                applier.apply(m);
            }
        };
    }
}
