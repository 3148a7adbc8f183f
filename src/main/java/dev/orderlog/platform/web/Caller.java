package dev.orderlog.platform.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who the bearer token of the current request names, and what that lets them see. */
@RequestScoped
public class Caller {
    static final String ANONYMOUS = "anonymous";
    /** What a customer reads as the actor of what someone other than themselves did. */
    public static final String STAFF = "staff";

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The token's subject ({@code sub}), the console operator's account, or "anonymous" on the few open endpoints. */
    public String subject() {
        if (identity.isAnonymous()) {
            return ANONYMOUS;
        }
        // A token names its caller by sub alone: one without is refused before it gets here
        // (smallrye.jwt.required.claims),
        // never named by upn or preferred_username. An operator signed in to the console by form is named by their
        // account.
        return identity.getPrincipal() instanceof JsonWebToken token
                ? token.getSubject()
                : identity.getPrincipal().getName();
    }

    /**
     * The customer whose data alone this caller may see: the subject of a customer's token. Empty for staff (warehouse,
     * admin), who see every customer's.
     */
    public Optional<String> onlyCustomer() {
        boolean staff = identity.hasRole(Roles.WAREHOUSE) || identity.hasRole(Roles.ADMIN);
        return !staff && identity.hasRole(Roles.CUSTOMER) ? Optional.of(subject()) : Optional.empty();
    }

    /**
     * Who acted, as this caller may see it: staff see every subject; a customer sees their own, and "staff" for anyone
     * else (a warehouse clerk, an operator, the service's own process), whose identity is not theirs to know.
     */
    public String actorAsSeen(String actor) {
        return onlyCustomer()
                .filter(customer -> !customer.equals(actor))
                .map(customer -> STAFF)
                .orElse(actor);
    }

    /** Whether this caller may see what belongs to {@code customerId}. */
    public boolean maySee(String customerId) {
        return onlyCustomer().map(customer -> customer.equals(customerId)).orElse(true);
    }
}
