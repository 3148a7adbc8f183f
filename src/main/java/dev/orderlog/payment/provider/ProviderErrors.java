package dev.orderlog.payment.provider;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * The provider's error answers as two kinds: a server error may pass (retried, and counted by the circuit breaker);
 * a rejection of the request itself (4xx) will not, however often it is sent.
 */
public class ProviderErrors implements ResponseExceptionMapper<RuntimeException> {

    /** The provider failed (5xx): the outcome is unknown and a retry with the same key may succeed. */
    public static final class ServerError extends RuntimeException {
        ServerError(int status) {
            super("The payment provider answered " + status);
        }
    }

    /** The provider refused the request as such (4xx). */
    public static final class Rejected extends RuntimeException {
        private final int status;

        Rejected(int status) {
            super("The payment provider rejected the request with " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    @Override
    public RuntimeException toThrowable(Response response) {
        return response.getStatus() >= 500 ? new ServerError(response.getStatus()) : new Rejected(response.getStatus());
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
