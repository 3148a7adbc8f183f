package dev.orderlog.platform.console;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.Base64;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start with a session key anyone could know: whoever has the key can make a cookie that signs them in as
 * any operator. The key must be at least 32 random bytes, written in base64 (head -c 32 /dev/urandom | base64).
 */
public class SessionKeyCheck {
    static final int MIN_BYTES = 32;

    void check(
            @Observes StartupEvent started,
            @ConfigProperty(name = "quarkus.http.auth.session.encryption-key") String key) {
        if (!strong(key)) {
            throw new IllegalStateException("The console's session key (ORDERLOG_CONSOLE_SESSION_KEY) must be "
                    + MIN_BYTES + " or more random bytes in base64: make one with head -c 32 /dev/urandom | base64");
        }
    }

    /** Long enough, and not a run of a few values (32 zero bytes are base64 too). */
    static boolean strong(String key) {
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(key.strip());
            long distinct = IntStream.range(0, bytes.length)
                    .map(i -> bytes[i])
                    .distinct()
                    .count();
            return bytes.length >= MIN_BYTES && distinct >= MIN_BYTES / 2;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
