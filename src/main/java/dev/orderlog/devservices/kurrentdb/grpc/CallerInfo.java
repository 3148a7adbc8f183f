package dev.orderlog.devservices.kurrentdb.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Who is calling, for the connection details persistent-subscription info reports. */
public record CallerInfo(String from, String username, String connectionName) {
    static final Context.Key<CallerInfo> KEY = Context.key("caller");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> CONNECTION_NAME =
            Metadata.Key.of("connection-name", Metadata.ASCII_STRING_MARSHALLER);

    static CallerInfo current() {
        CallerInfo caller = KEY.get();
        return caller == null ? new CallerInfo("", "", "") : caller;
    }

    public static final class Interceptor implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            String from = remote == null ? "" : remote.toString().replaceFirst("^/", "");
            String name = headers.get(CONNECTION_NAME);
            CallerInfo caller = new CallerInfo(from, username(headers.get(AUTHORIZATION)), name == null ? "" : name);
            return Contexts.interceptCall(Context.current().withValue(KEY, caller), call, headers, next);
        }

        private static String username(String authorization) {
            if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                return "";
            }
            try {
                String decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException notBase64) {
                return "";
            }
        }
    }
}
