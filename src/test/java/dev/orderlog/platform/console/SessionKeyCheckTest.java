package dev.orderlog.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A session key anyone could guess would let them make a cookie that signs them in as any operator. */
class SessionKeyCheckTest {

    @Test
    void onlyThirtyTwoOrMoreRandomBytesInBase64AreAccepted() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        assertThat(SessionKeyCheck.strong(Base64.getEncoder().encodeToString(key)))
                .isTrue();
        assertThat(SessionKeyCheck.strong(Base64.getMimeEncoder().encodeToString(new byte[64])))
                .as("64 zero bytes")
                .isFalse();
        byte[] wide = new byte[64];
        new SecureRandom().nextBytes(wide);
        assertThat(SessionKeyCheck.strong(Base64.getMimeEncoder().encodeToString(wide)))
                .as("wrapped as base64 wraps it")
                .isTrue();
        assertThat(SessionKeyCheck.strong(Base64.getEncoder().encodeToString(Arrays.copyOf(key, 31))))
                .as("31 bytes")
                .isFalse();
        assertThat(SessionKeyCheck.strong("local-console-session-key"))
                .as("a readable phrase")
                .isFalse();
        assertThat(SessionKeyCheck.strong("change-me")).isFalse();
        assertThatThrownBy(() -> new SessionKeyCheck().check(null, "change-me"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("head -c 32 /dev/urandom | base64");
    }
}
