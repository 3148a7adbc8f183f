package dev.orderlog.platform.console;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The operator a console session cookie names, as they are now: a removed operator's session ends at its next request,
 * and a changed role counts at once. (The cookie itself is encrypted and its name was checked with the password.)
 */
@ApplicationScoped
public class OperatorSessions implements IdentityProvider<TrustedAuthenticationRequest> {
    private final OperatorAccounts accounts;

    public OperatorSessions(DataSource database) {
        this.accounts = new OperatorAccounts(database);
    }

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            try {
                return accounts.find(request.getPrincipal())
                        .orElseThrow(AuthenticationFailedException::new)
                        .identity();
            } catch (SQLException unreachable) {
                throw new AuthenticationFailedException("The operators' database could not be reached", unreachable);
            }
        });
    }
}
