package dev.orderlog.platform.console;

import dev.orderlog.platform.web.ConsolePaths;
import dev.orderlog.platform.web.ErrorPages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** What every console page shares: how it redirects, and how it shows an error. */
@ApplicationScoped
public class ConsolePages implements ErrorPages {
    public static final String ROOT = ConsolePaths.ROOT;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance error(int status, String title, String detail, String correlationId);
    }

    /** After a form is handled, the browser loads the next page with GET (post/redirect/get). */
    public static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    @Override
    public Response.ResponseBuilder error(int status, String title, String detail, String correlationId) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, detail, correlationId).render());
    }
}
