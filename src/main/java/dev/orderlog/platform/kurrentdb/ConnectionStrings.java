package dev.orderlog.platform.kurrentdb;

import java.util.regex.Pattern;

/** Connection strings as they may appear in logs: user names stay, passwords do not. */
public final class ConnectionStrings {
    private static final Pattern USER_PASSWORD = Pattern.compile("(://[^:/@?#]+:)[^@/?#]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;#]*");

    private ConnectionStrings() {}

    /** {@code kurrentdb://admin:changeit@host} as {@code kurrentdb://admin:***@host}, and {@code password=…} as {@code password=***}. */
    public static String withoutPassword(String connectionString) {
        String masked = USER_PASSWORD.matcher(connectionString).replaceAll("$1***@");
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1***");
    }
}
