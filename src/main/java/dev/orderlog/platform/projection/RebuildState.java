package dev.orderlog.platform.projection;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a rebuild is. */
public enum RebuildState {
    REBUILDING,
    DONE,
    FAILED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
