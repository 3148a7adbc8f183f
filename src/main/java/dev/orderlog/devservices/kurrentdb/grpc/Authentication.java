package dev.orderlog.devservices.kurrentdb.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Basic authentication as a secure server applies it with its default users. Wrong credentials are refused as not
 * authenticated; a call without credentials runs as anonymous, which the server's default policy denies access to
 * streams but allows gossip and server features. Not installed at all in insecure mode, like {@code --insecure}.
 */
public final class Authentication implements ServerInterceptor {
    static final Map<String, String> DEFAULT_USERS = Map.of("admin", "changeit", "ops", "changeit");
    private static final Set<String> ANONYMOUS_SERVICES =
            Set.of("event_store.client.gossip.Gossip", "event_store.client.server_features.ServerFeatures");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> EXCEPTION =
            Metadata.Key.of("exception", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null) {
            if (ANONYMOUS_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
                return next.startCall(call, headers);
            }
            Metadata trailers = new Metadata();
            trailers.put(EXCEPTION, "access-denied");
            call.close(Status.PERMISSION_DENIED.withDescription("Access Denied"), trailers);
            return new ServerCall.Listener<>() {};
        }
        if (!validBasic(authorization)) {
            call.close(Status.UNAUTHENTICATED.withDescription("Bad HTTP authentication header"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }

    private static boolean validBasic(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && decoded.substring(colon + 1).equals(DEFAULT_USERS.get(decoded.substring(0, colon)));
    }
}
