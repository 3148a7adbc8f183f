package dev.orderlog.platform.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who the bearer token of the current request names, and what that lets them see. */
@RequestScoped
public class Caller {
    static final String ANONYMOUS = "anonymous";

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The token's subject ({@code sub}), or "anonymous" on the few open endpoints. */
    public String subject() {
        if (identity.isAnonymous()) {
            return ANONYMOUS;
        }
        return identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null ? token.getSubject() : identity.getPrincipal().getName();
    }

    /**
     * The customer whose data alone this caller may see: the subject of a customer's token. Empty for staff (warehouse,
     * admin), who see every customer's.
     */
    public Optional<String> onlyCustomer() {
        boolean staff = identity.hasRole(Roles.WAREHOUSE) || identity.hasRole(Roles.ADMIN);
        return !staff && identity.hasRole(Roles.CUSTOMER) ? Optional.of(subject()) : Optional.empty();
    }

    /** Whether this caller may see what belongs to {@code customerId}. */
    public boolean maySee(String customerId) {
        return onlyCustomer().map(customer -> customer.equals(customerId)).orElse(true);
    }
}
