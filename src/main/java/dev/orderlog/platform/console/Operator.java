package dev.orderlog.platform.console;

import dev.orderlog.platform.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** A console account: a name operators sign in with, and the one role it grants. */
public record Operator(String name, String role) {
    /** The console's pages are for admins; a warehouse account signs in and is refused them, as the API would. */
    public static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.WAREHOUSE);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    public Operator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "An operator's name is 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter: " + name);
        }
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("An operator's role is one of " + ROLES + ": " + role);
        }
    }

    /** Who they are to the console's pages, signed in. */
    SecurityIdentity identity() {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRole(role)
                .build();
    }
}
