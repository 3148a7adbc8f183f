package dev.orderlog.platform.console;

import dev.orderlog.platform.web.ConsolePaths;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/** Signing in to the console (the form posts to Quarkus' form authentication) and out of it. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleSignIn {
    private static final Logger LOG = Logger.getLogger(ConsoleSignIn.class);

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance signIn(boolean failed, boolean signedOut, Long retryAfter);
    }

    private final SecurityIdentity identity;

    public ConsoleSignIn(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Path("sign-in")
    @PermitAll
    public TemplateInstance signIn(
            @QueryParam("failed") boolean failed,
            @QueryParam("signed-out") boolean signedOut,
            @QueryParam("retry-after") @Min(1) @Max(86_400) Long retryAfterSeconds) {
        return Templates.signIn(failed, signedOut, retryAfterSeconds);
    }

    @POST
    @Path("sign-out")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut() {
        LOG.infof(
                "Operator %s signed out of the console", identity.getPrincipal().getName());
        FormAuthenticationMechanism.logout(identity);
        return ConsolePages.seeOther(ConsolePaths.SIGN_IN + "?signed-out=true");
    }
}
